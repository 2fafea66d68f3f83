//! Japanese national holidays (rule CAL-2): computes the days off defined by the Act
//! on National Holidays (国民の祝日に関する法律), so that rosters never schedule
//! ordinary work on a national holiday without needing a downloaded calendar.
//!
//! The module knows the statutory holidays (国民の祝日), the substitute holidays
//! (振替休日, Article 3(2)), the citizens' holidays (国民の休日, Article 3(3)), the
//! one-off 2019 enthronement days and the 2020/2021 Olympic moves. Names follow the
//! Cabinet Office list.
//!
//! Correctness is asserted only for [`FIRST_YEAR`]..=[`LAST_YEAR`] (2000-2035); the
//! unit tests compare every one of those years with an independently generated
//! fixture (`tests/fixtures/holidays-jp-2000-2035.csv`). Any other year is computed
//! with the law as currently in force (no historical rules, no future amendments)
//! and the equinox days come from an approximation formula, so such results are a
//! best effort only. No input makes these functions panic.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// One national holiday (rule CAL-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Holiday {
    /// The calendar date of the holiday.
    pub date: NaiveDate,
    /// The holiday's Japanese name as listed by the Cabinet Office, e.g. `元日`,
    /// `振替休日` or `国民の休日`.
    pub name: &'static str,
}

/// First year the law is computed for and asserted correct (rule CAL-2).
pub const FIRST_YEAR: i32 = 2000;
/// Last year the law is computed for and asserted correct (rule CAL-2).
pub const LAST_YEAR: i32 = 2035;

const GANJITSU: &str = "元日";
const SEIJIN: &str = "成人の日";
const KENKOKU: &str = "建国記念の日";
const TENNO_TANJOBI: &str = "天皇誕生日";
const SHUNBUN: &str = "春分の日";
const SHOWA: &str = "昭和の日";
const KENPO: &str = "憲法記念日";
const MIDORI: &str = "みどりの日";
const KODOMO: &str = "こどもの日";
const UMI: &str = "海の日";
const YAMA: &str = "山の日";
const KEIRO: &str = "敬老の日";
const SHUBUN: &str = "秋分の日";
const TAIIKU: &str = "体育の日";
const SPORTS: &str = "スポーツの日";
const BUNKA: &str = "文化の日";
const KINRO: &str = "勤労感謝の日";
/// The name Act No. 99 of 2018 gives 2019-05-01 (天皇の即位の日及び即位礼正殿の儀の行われる日を休日とする法律).
const SOKUI: &str = "天皇の即位の日";
const SOKUIREI: &str = "即位礼正殿の儀の行われる日";
const FURIKAE: &str = "振替休日";
const KOKUMIN: &str = "国民の休日";

/// Returns every national holiday of `year`, sorted by date (rule CAL-2).
///
/// This includes the statutory holidays, substitute holidays (`振替休日`) and
/// citizens' holidays (`国民の休日`). The result is asserted correct for
/// [`FIRST_YEAR`]..=[`LAST_YEAR`]; other years are computed with the current law
/// as a best effort, and years beyond what [`NaiveDate`] can represent yield an
/// empty list.
pub fn holidays_in_year(year: i32) -> Vec<Holiday> {
    let mut days = statutory_holidays(year);
    days.sort_unstable();

    // Article 3(2): a statutory holiday falling on a Sunday makes another day off.
    // Before the 2005 amendment (in force 2007) that was only the following day,
    // and only when it was not itself a holiday; since 2007 it is the nearest
    // following day that is not a statutory holiday.
    let old_rules = (FIRST_YEAR..=2006).contains(&year);
    let mut substitutes = Vec::new();
    for h in days.iter().filter(|h| h.date.weekday() == Weekday::Sun) {
        let mut candidate = h.date.succ_opt();
        while let Some(d) = candidate {
            if !contains(&days, d) {
                substitutes.push(Holiday {
                    date: d,
                    name: FURIKAE,
                });
                break;
            }
            if old_rules {
                break;
            }
            candidate = d.succ_opt();
        }
    }

    // Article 3(3): a day sandwiched between two statutory holidays is a citizens'
    // holiday unless it is a Sunday or already a holiday.
    let mut citizens = Vec::new();
    for pair in days.windows(2) {
        let [before, after] = pair else {
            continue;
        };
        let Some(middle) = before.date.succ_opt() else {
            continue;
        };
        if middle.succ_opt() == Some(after.date)
            && middle.weekday() != Weekday::Sun
            && !substitutes.iter().any(|s| s.date == middle)
        {
            citizens.push(Holiday {
                date: middle,
                name: KOKUMIN,
            });
        }
    }

    days.extend(substitutes);
    days.extend(citizens);
    days.retain(|h| h.date.year() == year);
    days.sort_unstable();
    days.dedup_by_key(|h| h.date);
    days
}

/// Returns the national holidays from `from` to `to`, both inclusive, sorted by
/// date (rule CAL-2). An empty list is returned when `from` is after `to`.
///
/// Correctness is asserted only for dates in [`FIRST_YEAR`]..=[`LAST_YEAR`]; see
/// [`holidays_in_year`].
pub fn holidays_between(from: NaiveDate, to: NaiveDate) -> Vec<Holiday> {
    if from > to {
        return Vec::new();
    }
    (from.year()..=to.year())
        .flat_map(holidays_in_year)
        .filter(|h| h.date >= from && h.date <= to)
        .collect()
}

/// Returns the name of the national holiday on `date`, or `None` when `date` is
/// not a national holiday (rule CAL-2).
///
/// Correctness is asserted only for dates in [`FIRST_YEAR`]..=[`LAST_YEAR`]; see
/// [`holidays_in_year`].
pub fn holiday_name(date: NaiveDate) -> Option<&'static str> {
    // Each year's holidays are computed once per thread: this is asked for every day
    // of every calendar, check and rendered row.
    thread_local! {
        static YEARS: std::cell::RefCell<std::collections::HashMap<i32, Vec<(NaiveDate, &'static str)>>> =
            Default::default();
    }
    YEARS.with(|years| {
        let mut years = years.borrow_mut();
        let days = years.entry(date.year()).or_insert_with(|| {
            holidays_in_year(date.year())
                .into_iter()
                .map(|h| (h.date, h.name))
                .collect()
        });
        days.iter().find(|(d, _)| *d == date).map(|(_, n)| *n)
    })
}

/// Tells whether `date` is a national holiday, including substitute and citizens'
/// holidays (rule CAL-2). Ordinary Saturdays and Sundays are not holidays here.
///
/// Correctness is asserted only for dates in [`FIRST_YEAR`]..=[`LAST_YEAR`]; see
/// [`holidays_in_year`].
pub fn is_holiday(date: NaiveDate) -> bool {
    holiday_name(date).is_some()
}

/// The statutory holidays of Article 2 (国民の祝日) of `year`, unsorted, plus the
/// 2019 enthronement days, which their special act treats as 国民の祝日 for the
/// purpose of Article 3. Dates that cannot be represented are skipped.
fn statutory_holidays(year: i32) -> Vec<Holiday> {
    // Historical variants apply only inside the asserted range; every other year
    // follows the law as currently in force.
    let in_range = |from: i32, to: i32| (from..=to).contains(&year);
    let fixed = |month: u32, day: u32| NaiveDate::from_ymd_opt(year, month, day);
    let monday = |month: u32, n: u32| nth_monday(year, month, n);

    let (umi, sports, yama) = match year {
        // Act on Special Measures for the Tokyo 2020 Olympic and Paralympic Games.
        2020 => (fixed(7, 23), fixed(7, 24), fixed(8, 10)),
        2021 => (fixed(7, 22), fixed(7, 23), fixed(8, 8)),
        _ => (
            if in_range(FIRST_YEAR, 2002) {
                fixed(7, 20)
            } else {
                monday(7, 3)
            },
            monday(10, 2),
            if in_range(FIRST_YEAR, 2015) {
                None
            } else {
                fixed(8, 11)
            },
        ),
    };
    let (april_29, may_4) = if in_range(FIRST_YEAR, 2006) {
        (MIDORI, None)
    } else {
        (SHOWA, fixed(5, 4))
    };
    let emperors_birthday = if in_range(FIRST_YEAR, 2018) {
        fixed(12, 23)
    } else if year == 2019 {
        None
    } else {
        fixed(2, 23)
    };
    let sports_name = if in_range(FIRST_YEAR, 2019) {
        TAIIKU
    } else {
        SPORTS
    };
    let keiro = if in_range(FIRST_YEAR, 2002) {
        fixed(9, 15)
    } else {
        monday(9, 3)
    };
    let (sokui, sokuirei) = if year == 2019 {
        (fixed(5, 1), fixed(10, 22))
    } else {
        (None, None)
    };

    [
        (fixed(1, 1), GANJITSU),
        (monday(1, 2), SEIJIN),
        (fixed(2, 11), KENKOKU),
        (emperors_birthday, TENNO_TANJOBI),
        (vernal_equinox(year), SHUNBUN),
        (fixed(4, 29), april_29),
        (sokui, SOKUI),
        (fixed(5, 3), KENPO),
        (may_4, MIDORI),
        (fixed(5, 5), KODOMO),
        (umi, UMI),
        (yama, YAMA),
        (keiro, KEIRO),
        (autumnal_equinox(year), SHUBUN),
        (sports, sports_name),
        (sokuirei, SOKUIREI),
        (fixed(11, 3), BUNKA),
        (fixed(11, 23), KINRO),
    ]
    .into_iter()
    .filter_map(|(date, name)| date.map(|date| Holiday { date, name }))
    .collect()
}

/// Whether `date` is among the (sorted) `days`.
fn contains(days: &[Holiday], date: NaiveDate) -> bool {
    days.binary_search_by_key(&date, |h| h.date).is_ok()
}

/// The `n`-th Monday (1-based) of `month` in `year` (Happy Monday system).
fn nth_monday(year: i32, month: u32, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to_monday = (7 - first.weekday().num_days_from_monday()) % 7;
    let offset = to_monday.checked_add(n.checked_sub(1)?.checked_mul(7)?)?;
    first.checked_add_days(Days::new(u64::from(offset)))
}

/// Day of month from the usual equinox approximation valid for 1980-2099:
/// `floor(base + 0.242194 * (y - 1980) - floor((y - 1980) / 4))`, evaluated in
/// exact integer millionths so no floating-point rounding can shift a day.
fn equinox_day(year: i32, base_millionths: i64) -> Option<u32> {
    let years = i64::from(year) - 1980;
    let millionths = base_millionths + 242_194 * years - 1_000_000 * years.div_euclid(4);
    u32::try_from(millionths.div_euclid(1_000_000)).ok()
}

/// Vernal Equinox Day (春分の日), March.
fn vernal_equinox(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 3, equinox_day(year, 20_843_100)?)
}

/// Autumnal Equinox Day (秋分の日), September.
fn autumnal_equinox(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 9, equinox_day(year, 23_248_800)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    fn list(items: &[((i32, u32, u32), &'static str)]) -> Vec<Holiday> {
        items
            .iter()
            .map(|&((y, m, day), name)| Holiday {
                date: d(y, m, day),
                name,
            })
            .collect()
    }

    #[test]
    fn matches_independent_fixture_2000_2035() {
        let fixture = include_str!("../../tests/fixtures/holidays-jp-2000-2035.csv");
        let mut lines = fixture.lines();
        assert_eq!(lines.next(), Some("date,name"));
        let expected: Vec<(NaiveDate, &str)> = lines
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let (date, name) = l.split_once(',').expect("date,name row");
                let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("ISO date");
                (date, name.trim())
            })
            .collect();
        let computed: Vec<(NaiveDate, &str)> = (FIRST_YEAR..=LAST_YEAR)
            .flat_map(holidays_in_year)
            .map(|h| (h.date, h.name))
            .collect();
        for (c, e) in computed.iter().zip(&expected) {
            assert_eq!(c, e, "first difference from the fixture");
        }
        assert_eq!(computed.len(), expected.len());
    }

    #[test]
    fn golden_week_2019_is_ten_days() {
        assert_eq!(
            holidays_between(d(2019, 4, 27), d(2019, 5, 6)),
            list(&[
                ((2019, 4, 29), "昭和の日"),
                ((2019, 4, 30), "国民の休日"),
                ((2019, 5, 1), "天皇の即位の日"),
                ((2019, 5, 2), "国民の休日"),
                ((2019, 5, 3), "憲法記念日"),
                ((2019, 5, 4), "みどりの日"),
                ((2019, 5, 5), "こどもの日"),
                ((2019, 5, 6), "振替休日"),
            ])
        );
        // Apr 27/28 are an ordinary weekend, so the break is ten days in a row.
        assert_eq!(d(2019, 4, 27).weekday(), Weekday::Sat);
        assert!(!is_holiday(d(2019, 5, 7)));
    }

    #[test]
    fn year_2019_special_days() {
        let year = holidays_in_year(2019);
        assert!(year.iter().all(|h| h.name != "天皇誕生日"));
        assert!(!is_holiday(d(2019, 12, 23)));
        assert!(!is_holiday(d(2019, 2, 23)));
        assert_eq!(
            holiday_name(d(2019, 10, 22)),
            Some("即位礼正殿の儀の行われる日")
        );
        assert_eq!(holiday_name(d(2019, 10, 14)), Some("体育の日"));
        assert_eq!(holiday_name(d(2019, 8, 12)), Some("振替休日"));
        assert_eq!(holiday_name(d(2019, 11, 4)), Some("振替休日"));
        assert_eq!(year.len(), 22);
    }

    #[test]
    fn emperors_birthday_moves() {
        assert_eq!(holiday_name(d(2018, 12, 23)), Some("天皇誕生日"));
        assert_eq!(holiday_name(d(2018, 12, 24)), Some("振替休日"));
        assert!(!is_holiday(d(2018, 2, 23)));
        assert_eq!(holiday_name(d(2020, 2, 23)), Some("天皇誕生日"));
        assert_eq!(holiday_name(d(2020, 2, 24)), Some("振替休日"));
        assert!(!is_holiday(d(2020, 12, 23)));
    }

    #[test]
    fn olympic_moves_2020() {
        assert_eq!(holiday_name(d(2020, 7, 23)), Some("海の日"));
        assert_eq!(holiday_name(d(2020, 7, 24)), Some("スポーツの日"));
        assert_eq!(holiday_name(d(2020, 8, 10)), Some("山の日"));
        // The usual dates are ordinary days that year.
        assert!(!is_holiday(d(2020, 7, 20)));
        assert!(!is_holiday(d(2020, 8, 11)));
        assert!(!is_holiday(d(2020, 10, 12)));
    }

    #[test]
    fn olympic_moves_2021() {
        assert_eq!(holiday_name(d(2021, 7, 22)), Some("海の日"));
        assert_eq!(holiday_name(d(2021, 7, 23)), Some("スポーツの日"));
        assert_eq!(holiday_name(d(2021, 8, 8)), Some("山の日"));
        assert_eq!(holiday_name(d(2021, 8, 9)), Some("振替休日"));
        assert!(!is_holiday(d(2021, 7, 19)));
        assert!(!is_holiday(d(2021, 8, 11)));
        assert!(!is_holiday(d(2021, 10, 11)));
    }

    #[test]
    fn renamed_and_new_holidays() {
        assert_eq!(holiday_name(d(2006, 4, 29)), Some("みどりの日"));
        assert_eq!(holiday_name(d(2007, 4, 29)), Some("昭和の日"));
        assert_eq!(holiday_name(d(2007, 5, 4)), Some("みどりの日"));
        assert_eq!(holiday_name(d(2019, 10, 14)), Some("体育の日"));
        assert_eq!(holiday_name(d(2022, 10, 10)), Some("スポーツの日"));
        assert!(!is_holiday(d(2015, 8, 11)));
        assert_eq!(holiday_name(d(2016, 8, 11)), Some("山の日"));
        assert_eq!(holiday_name(d(2002, 7, 20)), Some("海の日"));
        assert_eq!(holiday_name(d(2002, 9, 15)), Some("敬老の日"));
        assert_eq!(holiday_name(d(2003, 7, 21)), Some("海の日"));
        assert_eq!(holiday_name(d(2003, 9, 15)), Some("敬老の日"));
        assert_eq!(holiday_name(d(2004, 9, 20)), Some("敬老の日"));
    }

    #[test]
    fn happy_mondays_are_mondays() {
        for year in FIRST_YEAR..=LAST_YEAR {
            for h in holidays_in_year(year) {
                let monday_rule = match h.name {
                    "成人の日" => true,
                    "海の日" | "敬老の日" => year >= 2003 && year != 2020 && year != 2021,
                    "体育の日" | "スポーツの日" => year != 2020 && year != 2021,
                    _ => false,
                };
                if monday_rule {
                    assert_eq!(h.date.weekday(), Weekday::Mon, "{h:?}");
                }
            }
        }
        assert_eq!(holiday_name(d(2024, 1, 8)), Some("成人の日"));
        assert_eq!(holiday_name(d(2025, 7, 21)), Some("海の日"));
        assert_eq!(holiday_name(d(2025, 9, 15)), Some("敬老の日"));
        assert_eq!(holiday_name(d(2025, 10, 13)), Some("スポーツの日"));
    }

    #[test]
    fn silver_week_citizens_holidays() {
        for (date, keiro, shubun) in [
            (d(2009, 9, 22), d(2009, 9, 21), d(2009, 9, 23)),
            (d(2015, 9, 22), d(2015, 9, 21), d(2015, 9, 23)),
            (d(2026, 9, 22), d(2026, 9, 21), d(2026, 9, 23)),
            (d(2032, 9, 21), d(2032, 9, 20), d(2032, 9, 22)),
        ] {
            assert_eq!(holiday_name(date), Some("国民の休日"), "{date}");
            assert_eq!(holiday_name(keiro), Some("敬老の日"), "{keiro}");
            assert_eq!(holiday_name(shubun), Some("秋分の日"), "{shubun}");
        }
        let citizens: Vec<NaiveDate> = (2007..=LAST_YEAR)
            .flat_map(holidays_in_year)
            .filter(|h| h.name == "国民の休日")
            .map(|h| h.date)
            .collect();
        assert_eq!(
            citizens,
            vec![
                d(2009, 9, 22),
                d(2015, 9, 22),
                d(2019, 4, 30),
                d(2019, 5, 2),
                d(2026, 9, 22),
                d(2032, 9, 21),
            ]
        );
    }

    #[test]
    fn citizens_holiday_before_2007_rules() {
        // May 4 between 憲法記念日 and こどもの日, even on a Saturday...
        assert_eq!(holiday_name(d(2002, 5, 4)), Some("国民の休日"));
        assert_eq!(holiday_name(d(2006, 5, 4)), Some("国民の休日"));
        // ...but not on a Sunday.
        assert_eq!(d(2003, 5, 4).weekday(), Weekday::Sun);
        assert!(!is_holiday(d(2003, 5, 4)));
    }

    #[test]
    fn equinoxes() {
        let spring = [
            (2000, 20),
            (2001, 20),
            (2002, 21),
            (2010, 21),
            (2012, 20),
            (2019, 21),
            (2020, 20),
            (2023, 21),
            (2024, 20),
            (2025, 20),
            (2026, 20),
            (2027, 21),
            (2035, 21),
        ];
        for (year, day) in spring {
            assert_eq!(holiday_name(d(year, 3, day)), Some("春分の日"), "{year}");
        }
        let autumn = [
            (2000, 23),
            (2011, 23),
            (2012, 22),
            (2016, 22),
            (2019, 23),
            (2020, 22),
            (2023, 23),
            (2024, 22),
            (2025, 23),
            (2028, 22),
            (2032, 22),
            (2035, 23),
        ];
        for (year, day) in autumn {
            assert_eq!(holiday_name(d(year, 9, day)), Some("秋分の日"), "{year}");
        }
        for year in FIRST_YEAR..=LAST_YEAR {
            let names: Vec<_> = holidays_in_year(year).iter().map(|h| h.name).collect();
            assert_eq!(names.iter().filter(|n| **n == "春分の日").count(), 1);
            assert_eq!(names.iter().filter(|n| **n == "秋分の日").count(), 1);
        }
    }

    #[test]
    fn substitute_holidays() {
        assert_eq!(holiday_name(d(2023, 1, 2)), Some("振替休日"));
        assert_eq!(holiday_name(d(2024, 2, 12)), Some("振替休日"));
        assert_eq!(holiday_name(d(2006, 1, 2)), Some("振替休日"));
        assert_eq!(holiday_name(d(2002, 5, 6)), Some("振替休日"));
        // Since 2007: the next day that is not a holiday (May 4 Sunday -> May 6).
        assert_eq!(d(2008, 5, 4).weekday(), Weekday::Sun);
        assert_eq!(holiday_name(d(2008, 5, 6)), Some("振替休日"));
        assert_eq!(holiday_name(d(2014, 5, 6)), Some("振替休日"));
        assert_eq!(holiday_name(d(2025, 5, 6)), Some("振替休日"));
        // Every Sunday holiday has its 振替休日 within the following three days.
        for year in FIRST_YEAR..=LAST_YEAR {
            let all = holidays_in_year(year);
            for h in all.iter().filter(|h| h.date.weekday() == Weekday::Sun) {
                if h.name == "国民の休日" || h.name == "振替休日" {
                    continue;
                }
                let found = all.iter().any(|s| {
                    s.name == "振替休日" && s.date > h.date && (s.date - h.date).num_days() <= 3
                });
                assert!(found, "no substitute for {h:?}");
            }
            // And no substitute day without a Sunday holiday before it.
            for s in all.iter().filter(|h| h.name == "振替休日") {
                assert_ne!(s.date.weekday(), Weekday::Sun);
            }
        }
    }

    #[test]
    fn fiscal_year_2023() {
        assert_eq!(
            holidays_between(d(2023, 4, 1), d(2024, 3, 31)),
            list(&[
                ((2023, 4, 29), "昭和の日"),
                ((2023, 5, 3), "憲法記念日"),
                ((2023, 5, 4), "みどりの日"),
                ((2023, 5, 5), "こどもの日"),
                ((2023, 7, 17), "海の日"),
                ((2023, 8, 11), "山の日"),
                ((2023, 9, 18), "敬老の日"),
                ((2023, 9, 23), "秋分の日"),
                ((2023, 10, 9), "スポーツの日"),
                ((2023, 11, 3), "文化の日"),
                ((2023, 11, 23), "勤労感謝の日"),
                ((2024, 1, 1), "元日"),
                ((2024, 1, 8), "成人の日"),
                ((2024, 2, 11), "建国記念の日"),
                ((2024, 2, 12), "振替休日"),
                ((2024, 2, 23), "天皇誕生日"),
                ((2024, 3, 20), "春分の日"),
            ])
        );
    }

    #[test]
    fn between_is_inclusive_and_ordered() {
        let jan1 = d(2024, 1, 1);
        assert_eq!(holidays_between(jan1, jan1).len(), 1);
        assert!(holidays_between(d(2024, 1, 2), d(2024, 1, 7)).is_empty());
        assert!(holidays_between(d(2024, 3, 31), d(2024, 3, 1)).is_empty());
        let span = holidays_between(d(2000, 1, 1), d(2035, 12, 31));
        let by_year: Vec<Holiday> = (FIRST_YEAR..=LAST_YEAR)
            .flat_map(holidays_in_year)
            .collect();
        assert_eq!(span, by_year);
        assert!(span.windows(2).all(|w| w[0].date < w[1].date));
    }

    #[test]
    fn years_outside_range_do_not_panic() {
        for year in [
            i32::MIN,
            -262_144,
            -1,
            0,
            1999,
            2036,
            2100,
            262_143,
            i32::MAX,
        ] {
            let days = holidays_in_year(year);
            assert!(days.windows(2).all(|w| w[0].date < w[1].date));
            assert!(days.iter().all(|h| h.date.year() == year));
        }
        assert!(holidays_in_year(i32::MAX).is_empty());
        // Outside the range the current law is applied.
        assert_eq!(holiday_name(d(2036, 2, 23)), Some("天皇誕生日"));
        assert_eq!(holiday_name(d(1999, 8, 11)), Some("山の日"));
        let _ = holidays_between(NaiveDate::MIN, d(NaiveDate::MIN.year(), 12, 31));
        let _ = holidays_between(d(NaiveDate::MAX.year(), 1, 1), NaiveDate::MAX);
        let _ = is_holiday(NaiveDate::MAX);
        let _ = is_holiday(NaiveDate::MIN);
    }
}
