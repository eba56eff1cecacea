import { Badge, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useLookup } from '../../api/hooks';
import { CrudSection } from '../../components/crud-section';
import { PageHeader } from '../../components/page-header';
import { formatNumber, formatTime } from '../../lib/format';
import { nameMap } from '../../lib/lookup-names';

const TABS = ['hour-components', 'hour-component-rules', 'wage-components'] as const;

export function PayrollComponentsPage() {
  const { t } = useTranslation();
  const { tab } = useParams();
  const navigate = useNavigate();
  const active = (TABS as readonly string[]).includes(tab ?? '') ? (tab as string) : 'hour-components';
  const hourComponents = useLookup('hour-components');
  const departments = useLookup('departments');
  const hcNames = nameMap(hourComponents.data?.items, (c) => `${c.code} · ${c.name}`);
  const depNames = nameMap(departments.data?.items, (d) => d.name);

  return (
    <>
      <PageHeader title={t('nav.payroll')} description={t('payroll.intro')} />
      <Tabs value={active} onChange={(v) => navigate(`/settings/payroll/${v}`)}>
        <Tabs.List mb="md">
          {TABS.map((x) => (
            <Tabs.Tab key={x} value={x} data-testid={`tab-${x}`}>
              {t(`payroll.tabs.${x}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="hour-components">
          {active === 'hour-components' && (
            <CrudSection
              resource="hour-components"
              noun={t('nouns.hourComponent')}
              canEdit
              rowLabel={(r) => `${r.code} ${r.name}`}
              fields={[
                { name: 'code', label: t('fields.code'), type: 'text', required: true },
                { name: 'name', label: t('fields.name'), type: 'text', required: true },
                { name: 'ratePercent', label: t('payroll.ratePercent'), type: 'number', initial: 100 },
                { name: 'isDefault', label: t('payroll.isDefault'), type: 'checkbox', description: t('payroll.isDefaultHint') },
              ]}
              columns={[
                { key: 'code', label: t('fields.code') },
                { key: 'name', label: t('fields.name') },
                { key: 'ratePercent', label: t('payroll.ratePercent'), align: 'right', render: (r) => `${formatNumber(r.ratePercent)} %` },
                { key: 'isDefault', label: t('payroll.isDefault'), render: (r) => (r.isDefault ? <Badge variant="light">{t('payroll.default')}</Badge> : '') },
              ]}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="hour-component-rules">
          {active === 'hour-component-rules' && (
            <CrudSection
              resource="hour-component-rules"
              noun={t('nouns.rule')}
              canEdit
              rowLabel={(r) => hcNames.get(r.hourComponentId) ?? t('nouns.rule')}
              fields={[
                {
                  name: 'hourComponentId',
                  label: t('payroll.hourComponent'),
                  type: 'select',
                  required: true,
                  options: (hourComponents.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` })),
                },
                { name: 'priority', label: t('payroll.priority'), type: 'number', initial: 100, description: t('payroll.priorityHint') },
                { name: 'timeFrom', label: t('payroll.timeFrom'), type: 'time' },
                { name: 'timeTo', label: t('payroll.timeTo'), type: 'time', description: t('payroll.timeHint') },
                {
                  name: 'departmentId',
                  label: t('payroll.department'),
                  type: 'select',
                  nullable: true,
                  options: (departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name })),
                },
                { name: 'publicHolidaysOnly', label: t('payroll.publicHolidaysOnly'), type: 'checkbox' },
                { name: 'weekdays', label: t('payroll.weekdays'), type: 'weekdays', description: t('payroll.weekdaysHint') },
              ]}
              columns={[
                { key: 'priority', label: t('payroll.priority'), align: 'right' },
                { key: 'hourComponentId', label: t('payroll.hourComponent'), render: (r) => hcNames.get(r.hourComponentId) ?? '…' },
                {
                  key: 'weekdays',
                  label: t('payroll.weekdays'),
                  render: (r) => (r.weekdays.length ? r.weekdays.map((d) => t(`weekdays.${d}`)).join(', ') : t('payroll.everyDay')),
                },
                {
                  key: 'time',
                  label: t('payroll.timeWindow'),
                  render: (r) => (r.timeFrom || r.timeTo ? `${formatTime(r.timeFrom)}–${formatTime(r.timeTo)}` : t('payroll.wholeDay')),
                },
                { key: 'departmentId', label: t('payroll.department'), render: (r) => (r.departmentId ? (depNames.get(r.departmentId) ?? '…') : t('common.all')) },
                { key: 'publicHolidaysOnly', label: t('payroll.publicHolidaysOnly'), render: (r) => (r.publicHolidaysOnly ? t('common.yes') : t('common.no')) },
              ]}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="wage-components">
          {active === 'wage-components' && (
            <CrudSection
              resource="wage-components"
              noun={t('nouns.wageComponent')}
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
      </Tabs>
    </>
  );
}
