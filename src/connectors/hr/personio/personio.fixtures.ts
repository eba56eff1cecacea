/**
 * Recorded-shape Personio v1 payloads for the mapper tests: the structure, spellings and quirks of
 * a real `GET /v1/company/employees` row and `GET /v1/company/employees/attributes` answer, with
 * invented people and without volatile timestamps or headers. Builders return fresh copies, so a
 * test can break one field without touching the others.
 */

type Attr = { label: string; value: unknown; type: string; universal_id: string | null; currency?: string };
export type PersonioEmployeeFixture = { type: 'Employee'; attributes: Record<string, Attr> };

const a = (label: string, value: unknown, universal_id: string | null, type = 'standard'): Attr => ({ label, value, type, universal_id });

/** A former employee of the Dutch subcompany, split 50/50 over two cost centers, paid by the hour. */
export function personioEmployeeFixture(): PersonioEmployeeFixture {
  return {
    type: 'Employee',
    attributes: {
      id: a('ID', 1100002, 'id', 'integer'),
      first_name: a('First name', 'Rayen', 'first_name'),
      last_name: a('Last name', 'Bijl', 'last_name'),
      preferred_name: a('Name (preferred)', 'Rayen Bijl', 'preferred_name'),
      email: a('Email', 'rayen.bijl@nl.example.com', 'email'),
      gender: a('Gender', 'male', 'gender'),
      status: a('Status', 'inactive', 'status'),
      position: a('Position', 'Boekhouder', 'position'),
      supervisor: a(
        'Supervisor',
        {
          type: 'Employee',
          attributes: {
            id: a('ID', 1100004, 'id', 'integer'),
            first_name: a('First name', 'Thea', 'first_name'),
            last_name: a('Last name', 'Hohn', 'last_name'),
            email: a('Email', 'thea.hohn@de.example.com', 'email'),
          },
        },
        'supervisor',
      ),
      employment_type: a('Employment type', 'internal', 'employment_type'),
      // A string, as Personio sends it.
      weekly_working_hours: a('Weekly hours', '24', 'weekly_working_hours'),
      hire_date: a('Hire date', '2018-08-15T00:00:00+02:00', 'hire_date', 'date'),
      contract_end_date: a('Contract ends', '2024-05-31T00:00:00+02:00', 'contract_end_date', 'date'),
      termination_date: a('Termination date', '2024-05-28T00:00:00+02:00', 'termination_date', 'date'),
      termination_type: a('Termination type', 'Dismissal', 'termination_type'),
      termination_reason: a('Termination reason', 'Kündigung durch Arbeitnehmer', 'termination_reason'),
      probation_period_end: a('Probation period end', null, 'probation_period_end', 'date'),
      subcompany: a('Subcompany', { type: 'Subcompany', attributes: { id: 7033, name: 'Koppel Demo B.V.' } }, 'subcompany'),
      office: a('Office', { type: 'Office', attributes: { id: 131022, name: 'Utrecht' } }, 'office'),
      department: a('Department', { type: 'Department', attributes: { id: 281583, name: 'Finance' } }, 'department'),
      cost_centers: a(
        'Cost center',
        [
          { type: 'CostCenter', attributes: { id: 83002, name: 'OH 9000 Overhead', percentage: 40 } },
          { type: 'CostCenter', attributes: { id: 82957, name: 'KP 4100 Keuken', percentage: 60 } },
        ],
        'cost_centers',
      ),
      holiday_calendar: a('Public holidays', { type: 'HolidayCalendar', attributes: { id: 31, name: 'Nederland Feestdagen', country: 'NL', state: null } }, 'holiday_calendar'),
      work_schedule: a(
        'Work schedule',
        { type: 'WorkSchedule', attributes: { id: 97240, name: 'Part-time, 24 hours (mon,tue,wed,thu,fri)', valid_from: null, monday: '04:48', tuesday: '04:48', wednesday: '04:48', thursday: '04:48', friday: '04:48', saturday: '00:00', sunday: '00:00' } },
        'work_schedule',
      ),
      fix_salary: { ...a('Fix salary', 0, 'fix_salary', 'decimal'), currency: 'EUR' },
      fix_salary_interval: a('Salary interval', null, 'fix_salary_interval'),
      hourly_salary: { ...a('Hourly salary', 14.48, 'hourly_salary', 'decimal'), currency: 'EUR' },
      vacation_day_balance: a('Vacation day balance', 0, 'vacation_day_balance', 'decimal'),
      last_working_day: a('Last day of work', '2024-05-28T00:00:00+02:00', 'last_working_day', 'date'),
      team: a('Team', { type: 'Team', attributes: { id: 59086, name: 'Finance A' } }, 'team'),
      dynamic_180883: a('Birthday', '1981-03-31', 'date_of_birth', 'date'),
      dynamic_1134552: a('Contract type', 'Oproepkracht', null, 'list'),
      dynamic_1134553: a('Personnel number', '001002', null),
      dynamic_1134554: a('BSN', '232086977', null),
      dynamic_21827: a('IBAN', 'NL96 LYQA 0077 0030 44', 'iban'),
      dynamic_1134555: a('Street', 'van der Walplantsoen 157b', null),
      dynamic_1134556: a('Postal code', '7781 ND', null),
      dynamic_1134557: a('City', 'Beekbergen', null),
    },
  };
}

/** `GET /v1/company/employees/attributes` → `data` (standard attributes abridged). */
export function personioAttributeCatalogueFixture(): Array<{ key: string; label: string; type: string; universal_id: string | null; options: string[] }> {
  return [
    { key: 'first_name', label: 'First name', type: 'standard', universal_id: 'first_name', options: [] },
    { key: 'last_name', label: 'Last name', type: 'standard', universal_id: 'last_name', options: [] },
    { key: 'email', label: 'Email', type: 'standard', universal_id: 'email', options: [] },
    { key: 'dynamic_180883', label: 'Birthday', type: 'date', universal_id: 'date_of_birth', options: [] },
    {
      key: 'dynamic_1134552',
      label: 'Contract type',
      type: 'list',
      universal_id: null,
      options: ['Vaste kracht', 'Uurloner', 'Oproepkracht', 'Stagiair', 'Festanstellung', 'Minijob', 'Werkstudent', 'Aushilfe'],
    },
    { key: 'dynamic_1134553', label: 'Personnel number', type: 'standard', universal_id: null, options: [] },
    { key: 'dynamic_1134554', label: 'BSN', type: 'standard', universal_id: null, options: [] },
    { key: 'dynamic_21827', label: 'IBAN', type: 'standard', universal_id: 'iban', options: [] },
    { key: 'dynamic_1134555', label: 'Street', type: 'standard', universal_id: null, options: [] },
    { key: 'dynamic_1134556', label: 'Postal code', type: 'standard', universal_id: null, options: [] },
    { key: 'dynamic_1134557', label: 'City', type: 'standard', universal_id: null, options: [] },
  ];
}
