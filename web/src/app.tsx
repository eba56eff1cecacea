import { LoketReportPage } from './pages/reports/loket-report-page';
import type { ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { AuthProvider, useAuth } from './auth/auth-context';
import type { RoleGroup } from './auth/roles';
import { AppLayout } from './components/app-layout';
import { NoAccess } from './components/no-access';
import { ErrorAlert } from './components/error-alert';
import { PageLoader } from './components/query-state';
import { AbsencesPage } from './pages/absences/absences-page';
import { ForgotPasswordPage } from './pages/auth/forgot-password-page';
import { LoginPage } from './pages/auth/login-page';
import { ResetPasswordPage } from './pages/auth/reset-password-page';
import { DashboardPage } from './pages/dashboard/dashboard-page';
import { EmployeeCreatePage } from './pages/employees/employee-create-page';
import { EmployeePage } from './pages/employees/employee-page';
import { EmployeesPage } from './pages/employees/employees-page';
import { ApiTokensPage } from './pages/settings/api-tokens-page';
import { AuditPage } from './pages/settings/audit-page';
import { JobsPage } from './pages/settings/jobs-page';
import { MailsPage } from './pages/settings/mails-page';
import { OrganisationPage } from './pages/settings/organisation-page';
import { PayrollComponentsPage } from './pages/settings/payroll-components-page';
import { UsersPage } from './pages/settings/users-page';
import { ShiftsPage } from './pages/shifts/shifts-page';
import { AppCenterPage } from './pages/integrations/app-center-page';
import { IntegrationConnectPage } from './pages/integrations/integration-connect-page';
import { AuthorizationCallbackPage } from './pages/integrations/authorization-callback-page';
import { NmbrsHoursPage } from './pages/integrations/nmbrs-hours-page';
import { IntegrationHealthPage } from './pages/integrations/integration-health-page';
import { IntegrationPage } from './pages/integrations/integration-page';
import { PersonioHoursPage } from './pages/integrations/personio-hours-page';
import { NotFoundPage } from './components/not-found-page';
import { ApplicationPage } from './pages/recruiting/application-page';
import { ConnectionsPage, OAuthCallbackPage } from './pages/recruiting/connections-page';
import { EvaluationPage } from './pages/recruiting/evaluation-page';
import { InterviewPage } from './pages/recruiting/interview-page';
import { PublicSchedulingPage } from './pages/recruiting/public-scheduling-page';
import { RecruitingPage } from './pages/recruiting/recruiting-page';
import { ScheduleInterviewPage } from './pages/recruiting/schedule-interview-page';

export function App() {
  return (
    <BrowserRouter>
      <AuthProvider>
        <AppRoutes />
      </AuthProvider>
    </BrowserRouter>
  );
}

function AppRoutes() {
  const { me, loading, error } = useAuth();
  const location = useLocation();
  // A candidate's smart scheduling link (F-39) works without an account, whoever is logged in.
  if (location.pathname.startsWith('/schedule/')) {
    return (
      <Routes>
        <Route path="/schedule/:token" element={<PublicSchedulingPage />} />
      </Routes>
    );
  }
  if (loading) return <PageLoader />;
  if (error && !me) {
    return (
      <div style={{ padding: 24 }}>
        <ErrorAlert error={error} />
      </div>
    );
  }
  if (!me) {
    return (
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/forgot-password" element={<ForgotPasswordPage />} />
        <Route path="/reset-password" element={<ResetPasswordPage />} />
        <Route path="*" element={<Navigate to="/login" replace state={{ from: location.pathname + location.search }} />} />
      </Routes>
    );
  }
  return (
    <Routes>
      <Route path="/login" element={<Navigate to={(location.state as { from?: string } | null)?.from ?? '/'} replace />} />
      <Route path="/forgot-password" element={<Navigate to="/" replace />} />
      <Route path="/reset-password" element={<ResetPasswordPage />} />
      <Route element={<AppLayout />}>
        <Route index element={<DashboardPage />} />
        <Route path="employees" element={<Guard group="workforceRead"><EmployeesPage /></Guard>} />
        <Route path="employees/new" element={<Guard group="hr"><EmployeeCreatePage /></Guard>} />
        <Route path="employees/:id/:tab?" element={<Guard group="workforceRead"><EmployeePage /></Guard>} />
        <Route path="shifts" element={<Guard group="hours"><ShiftsPage /></Guard>} />
        <Route path="absences/:tab?" element={<Guard group="hours"><AbsencesPage /></Guard>} />
        <Route path="settings/organisation/:tab?" element={<Guard group="hr"><OrganisationPage /></Guard>} />
        <Route path="settings/payroll/:tab?" element={<Guard group="hr"><PayrollComponentsPage /></Guard>} />
        <Route path="settings/integrations" element={<Guard group="hr"><AppCenterPage /></Guard>} />
        <Route path="settings/integrations/oauth/callback" element={<Guard group="hr"><AuthorizationCallbackPage /></Guard>} />
        {/* The address Nmbrs' consent page returned to before decision 0028: a consent under way at the update still finishes. */}
        <Route path="settings/integrations/consent" element={<Guard group="hr"><AuthorizationCallbackPage /></Guard>} />
        <Route path="settings/integrations/new/:vendor" element={<Guard group="hr"><IntegrationConnectPage /></Guard>} />
        <Route path="settings/integrations/:id/:tab?" element={<Guard group="hr"><IntegrationPage /></Guard>} />
        <Route path="settings/integrations/:id/report/nmbrs-hours" element={<Guard group="hours"><NmbrsHoursPage /></Guard>} />
        <Route path="settings/integrations/:id/report/hours" element={<Guard group="hours"><PersonioHoursPage /></Guard>} />
        <Route path="reports/loket" element={<Guard group="hours"><LoketReportPage /></Guard>} />
        <Route path="settings/integration-health" element={<Guard group="workforceRead"><IntegrationHealthPage /></Guard>} />
        <Route path="settings/users" element={<Guard group="admin"><UsersPage /></Guard>} />
        <Route path="settings/api-tokens" element={<Guard group="admin"><ApiTokensPage /></Guard>} />
        <Route path="settings/audit" element={<Guard group="admin"><AuditPage /></Guard>} />
        <Route path="settings/jobs" element={<Guard group="admin"><JobsPage /></Guard>} />
        <Route path="settings/mails/:id?" element={<MailsPage />} />
        <Route path="recruiting/connections" element={<ConnectionsPage />} />
        <Route path="recruiting/connections/callback" element={<OAuthCallbackPage />} />
        <Route path="recruiting/applications/:id/schedule" element={<Guard group="recruiting"><ScheduleInterviewPage /></Guard>} />
        <Route path="recruiting/applications/:id/:tab?" element={<ApplicationPage />} />
        <Route path="recruiting/interviews/:interviewId/reschedule" element={<Guard group="recruiting"><ScheduleInterviewPage /></Guard>} />
        <Route path="recruiting/interviews/:interviewId/evaluation" element={<EvaluationPage />} />
        <Route path="recruiting/interviews/:interviewId" element={<InterviewPage />} />
        <Route path="recruiting/:tab?" element={<RecruitingPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

function Guard({ group, children }: { group: RoleGroup; children: ReactNode }) {
  const { can } = useAuth();
  return can(group) ? <>{children}</> : <NoAccess />;
}
