import { Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useLookup } from '../../api/hooks';
import { CrudSection } from '../../components/crud-section';
import { PageHeader } from '../../components/page-header';
import { CompanySettings } from './company-settings';
import { formatNumber } from '../../lib/format';
import { nameMap } from '../../lib/lookup-names';

const TABS = ['departments', 'cost-centers', 'contract-types', 'functions', 'company'] as const;

export function OrganisationPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = (TABS as readonly string[]).includes(tab ?? '') ? (tab as string) : 'departments';
  const costCenters = useLookup('cost-centers');
  const ccNames = nameMap(costCenters.data?.items, (c) => `${c.code} · ${c.name}`);
  const ccOptions = (costCenters.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }));

  return (
    <>
      <PageHeader title={t('nav.organisation')} description={t('organisation.intro')} />
      <Tabs value={active} onChange={(v) => navigate(`/settings/organisation/${v}`)}>
        <Tabs.List mb="md">
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`tab-${x}`}>
              {t(`organisation.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="company">{active === 'company' && <CompanySettings />}</Tabs.Panel>
        <Tabs.Panel value="departments">
          {active === 'departments' && (
            <CrudSection
              resource="departments"
              noun={t('nouns.department')}
              canEdit
              rowLabel={(r) => r.name}
              invalidate={[['employees']]}
              fields={[
                { name: 'name', label: t('fields.name'), type: 'text', required: true },
                { name: 'code', label: t('fields.code'), type: 'text' },
                { name: 'costCenterId', label: t('organisation.costCenter'), type: 'select', options: ccOptions, nullable: true },
                { name: 'archived', label: t('organisation.archived'), type: 'checkbox' },
              ]}
              columns={[
                { key: 'name', label: t('fields.name') },
                { key: 'code', label: t('fields.code'), render: (r) => r.code ?? '—' },
                { key: 'costCenterId', label: t('organisation.costCenter'), render: (r) => (r.costCenterId ? (ccNames.get(r.costCenterId) ?? '…') : '—') },
                { key: 'archived', label: t('organisation.archived'), render: (r) => (r.archived ? t('common.yes') : t('common.no')) },
              ]}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="cost-centers">
          {active === 'cost-centers' && (
            <CrudSection
              resource="cost-centers"
              noun={t('nouns.costCenter')}
              canEdit
              rowLabel={(r) => `${r.code} ${r.name}`}
              fields={[
                { name: 'code', label: t('fields.code'), type: 'text', required: true },
                { name: 'name', label: t('fields.name'), type: 'text', required: true },
              ]}
              columns={[
                { key: 'code', label: t('fields.code') },
                { key: 'name', label: t('fields.name') },
              ]}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="contract-types">
          {active === 'contract-types' && (
            <CrudSection
              resource="contract-types"
              noun={t('nouns.contractType')}
              canEdit
              rowLabel={(r) => r.name}
              invalidate={[['leave']]}
              fields={[
                { name: 'name', label: t('fields.name'), type: 'text', required: true },
                { name: 'leaveWeeks', label: t('organisation.leaveWeeks'), type: 'number', initial: 4, description: t('organisation.leaveWeeksHint') },
              ]}
              columns={[
                { key: 'name', label: t('fields.name') },
                { key: 'leaveWeeks', label: t('organisation.leaveWeeks'), align: 'right', render: (r) => formatNumber(r.leaveWeeks) },
              ]}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="functions">
          {active === 'functions' && (
            <CrudSection
              resource="functions"
              noun={t('nouns.function')}
              canEdit
              rowLabel={(r) => r.name}
              fields={[{ name: 'name', label: t('fields.name'), type: 'text', required: true }]}
              columns={[{ key: 'name', label: t('fields.name') }]}
            />
          )}
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
