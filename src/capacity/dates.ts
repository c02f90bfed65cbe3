/**
 * Local calendar dates ("YYYY-MM-DD") as day numbers (days since 1970-01-01). A local date has no time zone
 * of its own, so UTC arithmetic on it is exact (no DST); the clinic's zone only matters when a date is turned
 * into instants, which the SQL does (ut_windows, AT TIME ZONE).
 */
const DAY_MS = 86_400_000;

export const dayNumber = (date: string): number => Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
export const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
export const addDays = (date: string, n: number): string => dateOf(dayNumber(date) + n);
/** ISO weekday, 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoDow = (day: number): number => (((day + 3) % 7) + 7) % 7 + 1;
/** Day number of the Monday of the ISO week of `day`. */
export const weekStart = (day: number): number => day - (isoDow(day) - 1);

export const WEEKDAY_NAMES = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const WEEKDAY_PLURAL = ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

export const hh = (hour: number): string => `${String(hour).padStart(2, '0')}:00`;
