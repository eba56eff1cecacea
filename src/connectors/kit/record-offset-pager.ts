// Moved to paging/record-offset.ts. Kept for personio.connector.ts, which another change owns; import from paging/ in new code.
export { pageByRecordOffset, type FetchedPage, type ParsedRow, type RecordOffsetPagerOptions } from './paging/record-offset.ts';
