import type { LoketAddress, LoketComponentRecord, LoketEmployeeRecord, LoketEmployerRecord, LoketEmploymentRecord, LoketWorld } from './loket-emulator.data.ts';

/**
 * The emulator's records in the shapes of Loket's OpenAPI description (`loket.nl.json`), per resource
 * version. Nullable fields are sent as null, as Loket does; the contract test validates every shape.
 */

const NL = { isoCode: 'NL', key: 530, value: 'Nederland' };

function address(a: LoketAddress) {
  return { street: a.street, houseNumber: a.houseNumber, houseNumberAddition: a.houseNumberAddition, postalCode: a.postalCode, city: a.city, location: null, furtherIndication: null, country: NL };
}

export function employerJson(e: LoketEmployerRecord) {
  return {
    id: e.id,
    employerNumber: e.employerNumber,
    companyName: e.companyName,
    address: { ...address(e.address), province: null },
    deviatingPostalAddress: null,
    chamberOfCommerceNumber: e.chamberOfCommerceNumber,
    contact: null,
    contactInformation: null,
    legalForm: { key: 3, value: 'Besloten vennootschap' },
    branch: null,
    sbi: null,
    employerLogo: null,
    providerLogo: null,
    providerSettings: { administrationNumber: null, groupCode: null, parentEmployerForConsolidatedOverviews: null, sendEmailWhenSalarySlipIsAvailable: false },
  };
}

const formattedName = (p: LoketEmployeeRecord) => `${p.lastName}, ${p.initials}${p.prefix ? ` ${p.prefix}` : ''}`;

/** Employee, version 2018-12-31 or 2021-03-29 (the later one adds the business contact fields). */
export function employeeJson(p: LoketEmployeeRecord, version: string) {
  const contact: Record<string, unknown> = { emailAddress: p.email, phoneNumber: null, mobilePhoneNumber: p.phone, faxNumber: null };
  if (version >= '2021-03-29') Object.assign(contact, { businessEmailAddress: null, businessPhoneNumber: null, businessMobilePhoneNumber: null });
  return {
    id: p.id,
    employeeNumber: p.employeeNumber,
    personalDetails: {
      initials: p.initials,
      firstName: p.firstName,
      prefix: p.prefix,
      lastName: p.lastName,
      lastNamePartner: null,
      prefixPartner: null,
      formattedName: formattedName(p),
      dateOfBirth: p.dateOfBirth,
      dateOfDeath: null,
      aowDate: `${Number(p.dateOfBirth.slice(0, 4)) + 67}${p.dateOfBirth.slice(4)}`,
      placeOfBirth: null,
      gender: { key: p.gender, value: p.gender === 1 ? 'Man' : 'Vrouw' },
      howToFormatLastName: { key: 1, value: 'Eigen naam' },
      civilStatus: null,
      nationality: { key: 1, value: 'Nederlandse' },
      title: null,
      photo: null,
    },
    address: address(p.address),
    deviatingPostalAddress: null,
    contactInformation: contact,
    identityDocument: null,
    travel: { travelDistanceToWork: null },
    exclusionFromAbsenceStatus: false,
    statusEmployeeSelfService: null,
    revokeEmployeeSelfServiceAccessOn: null,
  };
}

const keyValue = (key: number, value: string) => ({ key, value });

export function employmentJson(m: LoketEmploymentRecord, world: LoketWorld, employee: LoketEmployeeRecord) {
  const employer = world.employers.find((e) => e.id === m.employerId)!;
  const pa = employer.administration;
  return {
    id: m.id,
    employee: {
      id: employee.id,
      employeeNumber: employee.employeeNumber,
      initials: employee.initials,
      firstName: employee.firstName,
      prefix: employee.prefix,
      lastName: employee.lastName,
      lastNamePartner: null,
      prefixPartner: null,
      formattedName: formattedName(employee),
      dateOfBirth: employee.dateOfBirth,
      photo: null,
    },
    payrollAdministration: { id: pa.id, name: pa.name, clientNumber: pa.clientNumber, description: pa.description },
    nonPayrollAdministration: null,
    payrollId: m.payrollId,
    startDate: m.startDate,
    endDate: m.endDate,
    historicalStartDate: null,
    incomeRelationshipNumber: 1,
    employmentDurationType: m.endDate ? keyValue(2, 'Bepaalde tijd') : keyValue(1, 'Onbepaalde tijd'),
    employmentContractType: keyValue(1, 'Schriftelijk'),
    employmentCategoryType: keyValue(1, 'Regulier'),
    typeOfEmployee: keyValue(1, 'Werknemer'),
    typeOfParticipation: null,
    valueOfParticipation: null,
    vacationCoupons: null,
    specialIncomeRatio: null,
    sendToExternalParty: null,
    essMutationSet: keyValue(1, 'Standaard'),
    exemptionInsuranceObligation: keyValue(1, 'Geen'),
    temporaryTaxExemption: keyValue(1, 'Geen'),
    employeeProfileId: null,
    cancellationPeriodTimeUnit: null,
    cancellationPeriodEmployee: null,
    cancellationPeriodEmployer: null,
    cancellationNoticeDate: null,
    startCancellationNoticePeriod: null,
    startDateContractOfIndefiniteDuration: null,
    endOfEmploymentReason: null,
    endOfEmploymentReasonTaxAuthorities: null,
    endOfEmploymentDueToIllness: null,
    firstDayNotification: null,
    linkedEmployment: null,
    namePayslip: null,
    emailLeaveRequest: null,
    professionCode: null,
    periodPayGradeAdjustment: null,
    deviatingCLAExternalParty: null,
    deviatingCLATaxReturn: null,
    commissionUntilDate: null,
    hasOnCallAppearanceObligation: null,
    isDirectorAndMajorShareholder: null,
    isFamilyOfOwner: null,
    isPreviousOwner: null,
    calculateWorkingHours: true,
    isAnonymousEmployee: false,
    isOnCallEmployment: false,
    isGemoedsbezwaardEmployeeInsurance: false,
    isGemoedsbezwaardNationalInsurance: false,
    exemptionPremiumWaiverMarginalLabour: false,
    exemptionWorkRelatedExpenseScheme: false,
    participation55plusRegulationUWV: false,
    signalPayGradeAdjustment: false,
    wachtgeldOldRegulation: false,
    writtenEmploymentContract: true,
  };
}

export function administrationJson(e: LoketEmployerRecord) {
  const pa = e.administration;
  return {
    id: pa.id,
    name: pa.name,
    description: pa.description,
    shortName: null,
    clientNumber: pa.clientNumber,
    administrationNumber: null,
    groupCode: pa.groupCode,
    groupClassification: null,
    startDate: pa.startDate,
    endDate: null,
    payrollPeriodType: keyValue(1, 'Maand'),
    cao: keyValue(0, 'Geen cao'),
    claTaxReturnCBSCode: null,
    loonmodel: keyValue(1, 'Standaard'),
    payrollTaxesNumber: null,
    address: { ...address(e.address), province: null },
    deviatingPostalAddress: null,
    contact: null,
  };
}

export function componentJson(c: LoketComponentRecord) {
  return {
    key: c.key,
    description: c.description,
    category: c.category,
    deductionOrPayment: c.deductionOrPayment,
    canBeSupplemented: c.canBeSupplemented,
    isCollectiveMutationPossible: c.isCollectiveMutationPossible,
  };
}

/**
 * An employment's actual working hours (`actualworkinghours`), valid from its start date: a full-time week of 40
 * hours (shift 1) and the contract's hours per week; an on-call contract (hoursPerWeek null) has no aggregated or
 * average hours and is marked a flexible-hours contract.
 */
export function workingHoursJson(m: LoketEmploymentRecord) {
  const h = m.hoursPerWeek;
  return {
    id: m.workingHoursId,
    startDate: m.startDate,
    endDate: m.endDate,
    aggregatedHoursPerWeek: h,
    averageHoursPerWeek: h,
    averageParttimeFactor: h === null ? null : Math.round((h / 40) * 10_000) / 100,
    deviatingHoursPerWeek: null,
    deviatingSvDaysPerPeriod: null,
    regularWorkPattern: h !== null,
    flexibleHoursContract: h === null ? { key: 1, value: 'Oproepovereenkomst' } : null,
    contractCode: null,
    workPattern: null,
    shift: { shiftNumber: 1, fullTimeHoursPerWeek: 40 },
    calculateUsingWorkPattern: { leaveHours: false, hoursBrokenPeriod: false, hoursRegularPeriod: false, daysDailyRate: false, deviatingDaysAndHours: false },
  };
}
