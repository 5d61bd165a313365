/** Where a school stands in a year, furthest along first. */
export const COVERAGE_STATUSES = ["REACHED", "SCHEDULED", "INVITED", "EARLIER", "NEVER"] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];
