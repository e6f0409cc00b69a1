// Package calendar is motcua's working-day clock: the Vietnamese lunar calendar, public holidays
// and the arithmetic of deadlines counted in office hours. It is pure: no I/O except reading
// its embedded holiday files, and no clock of its own.
//
// # Time zone
//
// Every civil day and office session is taken in Vietnam's time, UTC+7 ([Zone], a fixed zone:
// no time-zone database is needed). Instants of any location are accepted; results are in Zone.
//
// # Lunar calendar
//
// [SolarToLunar] and [LunarToSolar] compute the Vietnamese lunar calendar astronomically for
// UTC+7 (Ho Ngoc Duc's method after Meeus: a month begins on the local day of the new moon,
// month 11 contains the winter solstice, the leap month is the first month of a 13-month year
// with no major solar term). This is not the Chinese calendar, computed for UTC+8: Tết 1985 was
// 21 January in Vietnam and 20 February in China. Conversions are valid for solar years
// [MinYear]–[MaxYear] (1900–2100); outside them SolarToLunar returns the zero Lunar and
// LunarToSolar fails with [ErrOutOfRange].
//
// # Working days
//
// A working day is a Monday to Friday that is not a holiday, or a Saturday or Sunday that a
// yearly notice turns into a working day. Where the days of a year come from, first match wins:
//
//  1. a [Schedule] added with [Calendar.WithSchedule] (an administrator's notice) for that year;
//  2. with [WithOverride]: the listed days off and working days, for every year;
//  3. with [Default]: the embedded official schedule of the year (2025, 2026);
//  4. with Default: the default rules below.
//
// A Schedule lists days off on top of Saturdays and Sundays (listing a weekend day is harmless)
// and Saturdays or Sundays that are worked; a day may not be both, and every date must lie in
// the schedule's year.
//
// The default rules (Labour Code 2019 Art. 112) give these holidays, each taking one weekday:
//
//   - New Year, 1 January;
//   - Tết, five days: the last day of the lunar year (the 29th or 30th of the 12th month) and the
//     1st to 4th days of the 1st month;
//   - Hùng Kings' Commemoration, 10th day of the 3rd lunar month;
//   - Reunification Day, 30 April; Labour Day, 1 May;
//   - National Day, 2 September, and 1 September as its adjacent day.
//
// A holiday that falls on a Saturday or Sunday, or on a day already taken by another holiday, is
// made up on the next weekday that is not already a holiday (holidays are placed in date
// order). Tết is a block: the weekdays among its five days are off, and if some of the five are
// Saturdays or Sundays, as many following free weekdays are added, so that Tết always gives five
// weekdays off in a row (apart from the weekend). Default rules never create a worked Saturday.
// Years outside 1900–2100 have only the solar holidays. The rules approximate the yearly
// decision of the Prime Minister, which often moves days around; ship or load the official
// schedule for any year that matters.
//
// # Office sessions and deadlines
//
// [Sessions] are the office hours of a unit, [DefaultSessions] 07:30–11:30 and 13:00–17:00
// (8 hours). One working day of processing time is one full day of sessions ([Sessions.Daily]),
// so 0.5 working day is 4 hours with the default sessions.
//
// [Calendar.Add] counts working time from an instant. The clock starts at the instant itself if
// it lies inside a session of a working day; before opening, at opening; during lunch, at the
// afternoon start; after closing or on a day off, at the first session of the next working day.
// The due instant is the moment the working time is used up: work ending exactly at the end of
// a session is due at that end (17:00, or 11:30), not at the next opening. Whole working days
// are skipped arithmetically, so long durations cost no more than short ones. [Calendar.Between]
// measures the working time between two instants and is the inverse of Add:
// Between(s, from, Add(s, from, w)) == w for every w > 0.
//
// [Calendar.Due] turns a processing time ([Duration]) into a due instant: working days and
// working hours through Add, calendar days as from + value × 24 h without looking at holidays.
//
// # Performance
//
// A Calendar computes each year's days once, on first use, as a bitmap with a running count of
// working days; after that, IsWorkingDay, Add and Between do no lunar computation and no
// allocation apart from the result.
package calendar
