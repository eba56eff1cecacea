/**
 * Nmbrs bulk-read payloads as the REST API sends them (field names from the public clients, see
 * test/fixtures/specs/nmbrs/nmbrs-rest-facts.md §A4), for the mapper tests. One employee,
 * "Jan van der Berg", with every kind of history: a correction in the same period, a change entered
 * for a future period, two employments (left and came back) with three contracts, a 60/40 cost
 * center split, a schedule without a weekly total, an hourly wage.
 */

export const EMPLOYEE_ID = '3f1c2a9e-8d7b-4c61-9a0e-5b2d7c4e1f00';
export const COMPANY_ID = '5b6a77c7-6abe-4f31-93dc-2692169e3ea4';

const basic = (lastName: string, employeeType = 'payroll') => ({ employeeNumber: 42, firstName: 'Jan', firstNameInFull: 'Johannes', prefix: 'van der', initials: 'J.', lastName, employeeType });
const birth = { birthDate: '1984-02-29T00:00:00', birthCountry: { codeISO: 'NL', description: 'Nederland' }, nationality: { codeISO: 'NL' }, gender: 'male' };
const contact = { privateEmail: 'jan@mail.example.nl', businessEmail: 'jan.vanderberg@bakkerij.example.nl', businessPhone: null, businessMobilePhone: '0612345678', privatePhone: null, privateMobilePhone: null, otherPhone: null };

export const personalInfoPayload = {
  pagination: { pageNumber: 1, pageSize: 100, totalPages: 1, totalRecords: 1, nextPage: '', previousPage: '' },
  data: [
    {
      employeeId: EMPLOYEE_ID,
      info: [
        { personalInfoId: 'p1', basicInfo: basic('BERG'), birthInfo: birth, contactInfo: contact, partnerInfo: { partnerPrefix: null, partnerName: null }, period: { year: 2026, period: 1 }, createdAt: '2026-01-05T09:00:00Z' },
        { personalInfoId: 'p2', basicInfo: basic('Berg'), birthInfo: birth, contactInfo: contact, partnerInfo: { partnerPrefix: null, partnerName: null }, period: { year: 2026, period: 1 }, createdAt: '2026-01-07T11:30:00Z' },
        { personalInfoId: 'p3', basicInfo: basic('Berg-Bakker'), birthInfo: birth, contactInfo: contact, partnerInfo: { partnerPrefix: null, partnerName: 'Bakker' }, period: { year: 2026, period: 9 }, createdAt: '2026-06-01T08:00:00Z' },
      ],
    },
  ],
};

export const employmentsPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      employments: [
        { employmentId: 'e2', startDate: '2020-01-01T00:00:00', endDate: null, createdAt: '2019-12-01T10:00:00Z' },
        { employmentId: 'e1', startDate: '2015-03-01T00:00:00', endDate: '2018-06-30T00:00:00', endContractReason: 1, createdAt: '2015-02-20T10:00:00Z' },
      ],
    },
  ],
};

export const contractsPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      contracts: [
        { contractId: 'c1', startDate: '2015-03-01T00:00:00', trialPeriod: null, endDate: '2016-02-29T00:00:00', indefinite: false, writtenContract: true, hoursPerWeek: 40, createdAt: '2015-02-20T10:00:00Z' },
        { contractId: 'c2', startDate: '2020-01-01T00:00:00', trialPeriod: '2020-01-31T00:00:00', endDate: '2020-12-31T00:00:00', indefinite: false, writtenContract: true, hoursPerWeek: 32, createdAt: '2019-12-01T10:00:00Z' },
        { contractId: 'c3', startDate: '2021-01-01T00:00:00', trialPeriod: null, endDate: null, indefinite: true, writtenContract: true, hoursPerWeek: '32', createdAt: '2020-12-15T10:00:00Z' },
      ],
    },
  ],
};

export const functionsPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      functions: [
        { functionId: 'f-baker', code: 101, description: 'Bakker', createdAt: '2020-01-02T09:00:00Z', period: { year: 2020, period: 1 } },
        { functionId: 'f-head', code: 107, description: 'Chef bakker', createdAt: '2026-06-10T09:00:00Z', period: { year: 2026, period: 7 } },
      ],
    },
  ],
};

export const departmentsPayload = {
  data: [{ employeeId: EMPLOYEE_ID, departments: [{ departmentId: 'd-prod', code: 'PRD', description: 'Productie', createdAt: '2020-01-02T09:00:00Z', period: { year: 2020, period: 1 } }] }],
};

export const costCentersPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      employeeCostCenters: [
        { employeeCostCenterId: 'x0', costCenter: { costCenterId: 'kp-old', code: 'KP009', description: 'Oud' }, percentage: 100, default: true, period: { year: 2020, period: 1 }, createdAt: '2020-01-02T09:00:00Z' },
        { employeeCostCenterId: 'x1', costCenter: { costCenterId: 'kp-1', code: 'KP001', description: 'Winkel' }, percentage: 40, default: false, period: { year: 2025, period: 1 }, createdAt: '2025-01-02T09:00:00Z' },
        { employeeCostCenterId: 'x2', costCenterId: 'kp-2', code: 'KP002', description: 'Bakkerij', percentage: 60, default: true, period: { year: 2025, period: 1 }, createdAt: '2025-01-02T09:00:01Z' },
      ],
    },
  ],
};

export const schedulesPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      schedules: [
        {
          scheduleId: 's1',
          startDate: '2021-01-01T00:00:00',
          parttimePercentage: 80,
          week1: { hoursMonday: 8, hoursTuesday: 8, hoursWednesday: 0, hoursThursday: 8, hoursFriday: 8, hoursSaturday: 0, hoursSunday: 0 },
          week2: { hoursMonday: 8, hoursTuesday: 8, hoursWednesday: 0, hoursThursday: 8, hoursFriday: 8, hoursSaturday: 0, hoursSunday: 0 },
          createdAt: '2020-12-15T10:00:00Z',
        },
      ],
    },
  ],
};

export const salariesPayload = {
  data: [
    {
      employeeId: EMPLOYEE_ID,
      salaries: [
        { salaryId: 'w1', startDate: '2020-01-01T00:00:00', type: 'grossHourlyWage', value: 15.5, createdAt: '2019-12-01T10:00:00Z' },
        { salaryId: 'w2', startDate: '2025-07-01T00:00:00', type: 'grossHourlyWage', value: 17.25, createdAt: '2025-06-20T10:00:00Z' },
      ],
    },
  ],
};

/** BSN 8 digits (a leading zero lost on the way): normalised to 9, 11-proof. */
export const privateInfosPayload = { data: [{ employeeId: EMPLOYEE_ID, privateInfos: [{ BSN: '11222335', period: { year: 2015, period: 3 }, createdAt: '2015-02-20T10:00:00Z' }] }] };
