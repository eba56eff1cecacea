import { AppShell, Avatar, Burger, Group, Menu, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconApps,
  IconBriefcase,
  IconBuilding,
  IconCalendarOff,
  IconChevronDown,
  IconClockHour4,
  IconHeartbeat,
  IconHistory,
  IconMailExclamation,
  IconHome,
  IconKey,
  IconLock,
  IconLogout,
  IconMail,
  IconReceipt2,
  IconReportMoney,
  IconUsers,
  IconUserShield,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAuth, useMe } from '../auth/auth-context';
import type { RoleGroup } from '../auth/roles';
import { ChangePasswordModal } from './change-password-modal';
import { LanguageSwitcher } from './language-switcher';

type NavItem = {
  to: string;
  key: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  group?: RoleGroup;
  when?: boolean;
  exact?: boolean;
  /** Translation key when the label lives in a feature catalog (default `nav.<key>`). */
  labelKey?: string;
};

export function AppLayout() {
  const { t } = useTranslation();
  const me = useMe();
  const { can, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const [pwOpened, { open: openPw, close: closePw }] = useDisclosure(false);

  const main: NavItem[] = [
    { to: '/', key: 'dashboard', icon: IconHome, exact: true },
    { to: '/employees', key: 'employees', icon: IconUsers, group: 'workforceRead' },
    { to: '/shifts', key: 'shifts', icon: IconClockHour4, group: 'hours' },
    { to: '/absences', key: 'absences', icon: IconCalendarOff, group: 'hours' },
    { to: '/reports/loket', key: 'loketReport', icon: IconReportMoney, group: 'hours' },
    { to: '/recruiting', key: 'recruiting', icon: IconBriefcase, group: 'everyone', labelKey: 'recruiting.nav' },
  ];
  const settings: NavItem[] = [
    { to: '/settings/organisation', key: 'organisation', icon: IconBuilding, group: 'hr' },
    { to: '/settings/payroll', key: 'payroll', icon: IconReceipt2, group: 'hr' },
    { to: '/settings/integrations', key: 'appCenter', icon: IconApps, group: 'hr' },
    { to: '/settings/integration-health', key: 'integrationHealth', icon: IconHeartbeat, group: 'workforceRead' },
    { to: '/settings/users', key: 'users', icon: IconUserShield, group: 'admin' },
    { to: '/settings/api-tokens', key: 'apiTokens', icon: IconKey, group: 'admin' },
    { to: '/settings/audit', key: 'audit', icon: IconHistory, group: 'admin' },
    { to: '/settings/jobs', key: 'jobs', icon: IconMailExclamation, group: 'admin' },
    { to: '/settings/mails', key: 'mails', icon: IconMail, group: 'admin', when: me.mailCatcher },
  ];
  const visible = (items: NavItem[]) => items.filter((i) => (i.group ? can(i.group) : true) && i.when !== false);
  const isActive = (item: NavItem) => (item.exact ? location.pathname === item.to : location.pathname.startsWith(item.to));

  const renderItems = (items: NavItem[]) =>
    visible(items).map((item) => (
      <NavLink
        key={item.key}
        component={Link}
        to={item.to}
        label={t(item.labelKey ?? `nav.${item.key}`)}
        leftSection={<item.icon size={18} aria-hidden />}
        active={isActive(item)}
        aria-current={isActive(item) ? 'page' : undefined}
        onClick={closeNav}
        data-testid={`nav-${item.key}`}
      />
    ));
  const settingsItems = renderItems(settings);

  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 260, breakpoint: 'sm', collapsed: { mobile: !navOpened } }} padding="md">
      <a href="#main" className="koppel-skip-link">
        {t('nav.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Text fw={700} c="blue.7" size="lg">
              Koppel
            </Text>
            <Text c="dimmed" size="sm" visibleFrom="xs" data-testid="tenant-name" truncate>
              {me.tenant.name}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitcher />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('account.menu', { name: me.user.name })} data-testid="user-menu">
                  <Group gap={6} wrap="nowrap">
                    <Avatar size="sm" color="blue" radius="xl">
                      {me.user.name.slice(0, 1).toUpperCase()}
                    </Avatar>
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={500} visibleFrom="sm">
                        {me.user.name}
                      </Text>
                      <Text size="xs" c="dimmed" visibleFrom="sm">
                        {t(`roles.${me.user.role}`)}
                      </Text>
                    </div>
                    <IconChevronDown size={14} aria-hidden />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{me.user.email}</Menu.Label>
                <Menu.Item leftSection={<IconLock size={16} aria-hidden />} onClick={openPw} data-testid="menu-change-password">
                  {t('account.changePassword')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLogout size={16} aria-hidden />}
                  data-testid="menu-logout"
                  onClick={async () => {
                    await logout();
                    void navigate('/login');
                  }}
                >
                  {t('account.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
        <ScrollArea type="auto">
          <nav aria-label={t('nav.main')}>{renderItems(main)}</nav>
          {settingsItems.length > 0 && (
            <nav aria-label={t('nav.settings')}>
              <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="md" mb={4}>
                {t('nav.settings')}
              </Text>
              {settingsItems}
            </nav>
          )}
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
      <ChangePasswordModal opened={pwOpened} onClose={closePw} />
    </AppShell>
  );
}
