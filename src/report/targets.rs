//! KPI-1 beside the plan: by month, the plan's consultation slots (CON-2: the day's
//! slots for each consultant placed) and event seats (the participants each seminar,
//! outreach seminar, one-point seminar, fair and roundtable is planned for), with the
//! year's totals and the contract's targets the model states (`[targets]`). The
//! workbook's 目標 sheet shows it; the figures are counted from the plan's rows alone.

use std::collections::BTreeMap;

use super::labels::Lang;
use crate::model::{EventKind, Model};
use crate::plan::{parse_day, Plan};

/// The event kinds whose seats are counted, in the sheet's column order.
pub const SEATED: [EventKind; 5] = [
    EventKind::Seminar,
    EventKind::Outreach,
    EventKind::OnePoint,
    EventKind::JobFair,
    EventKind::Roundtable,
];

/// One month's capacity (or the year's, `month` empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Capacity {
    /// `YYYY-MM`; empty for the year's total.
    pub month: String,
    /// Consultation slots: each consultant placed on a consultation day gives the
    /// day's slots (CON-2: 5).
    pub consultation_slots: u64,
    /// Seats per kind, in [`SEATED`]'s order (an event's planned participants).
    pub seats: [u64; 5],
}

impl Capacity {
    /// Seats of every kind.
    pub fn all_seats(&self) -> u64 {
        self.seats.iter().sum()
    }

    /// Consultation slots and seats.
    pub fn total(&self) -> u64 {
        self.consultation_slots + self.all_seats()
    }

    fn add(&mut self, other: &Capacity) {
        self.consultation_slots += other.consultation_slots;
        for (a, b) in self.seats.iter_mut().zip(other.seats) {
            *a += b;
        }
    }
}

/// The plan's capacity in each month of the fiscal year (every month listed, empty
/// ones too), then the year's total.
pub fn capacity(model: &Model, plan: &Plan) -> (Vec<Capacity>, Capacity) {
    let mut months: BTreeMap<String, Capacity> = BTreeMap::new();
    for d in model.period.days() {
        let key = d.format("%Y-%m").to_string();
        months.entry(key.clone()).or_insert_with(|| Capacity {
            month: key,
            ..Capacity::default()
        });
    }
    let slots = model.consultation.slots.len() as u64;
    let mut consultants: BTreeMap<&str, u64> = BTreeMap::new();
    for a in &plan.assignments {
        if a.role == "consultant" {
            *consultants.entry(a.event_id.as_str()).or_default() += 1;
        }
    }
    for e in &plan.events {
        let Some(day) = parse_day(&e.date) else {
            continue;
        };
        let key = day.format("%Y-%m").to_string();
        let Some(m) = months.get_mut(&key) else {
            continue;
        };
        match e.kind() {
            Some(EventKind::Consultation) => {
                m.consultation_slots +=
                    slots * consultants.get(e.event_id.as_str()).copied().unwrap_or(0);
            }
            Some(k) => {
                if let Some(i) = SEATED.iter().position(|s| *s == k) {
                    m.seats[i] += u64::from(e.capacity.unwrap_or(0));
                }
            }
            None => {}
        }
    }
    let list: Vec<Capacity> = months.into_values().collect();
    let mut year = Capacity::default();
    for m in &list {
        year.add(m);
    }
    (list, year)
}

/// The sheet's name.
pub fn heading(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "目標",
        Lang::En => "Targets",
    }
}

/// The capacity table's column headings: month, consultation slots, seats per kind,
/// all seats, slots and seats.
pub fn headings(lang: Lang) -> Vec<String> {
    let l = lang.labels();
    let (month, slots, seats, all, total) = match lang {
        Lang::Ja => ("月", "相談枠", "席", "席 計", "相談枠＋席"),
        Lang::En => (
            "Month",
            "Consultation slots",
            "seats",
            "All seats",
            "Slots and seats",
        ),
    };
    let mut out = vec![month.to_string(), slots.to_string()];
    for k in SEATED {
        out.push(match lang {
            Lang::Ja => format!("{}{seats}", l.kind(k.id())),
            Lang::En => format!("{} {seats}", l.kind(k.id())),
        });
    }
    out.push(all.to_string());
    out.push(total.to_string());
    out
}

/// The year's total row's label.
pub fn year_label(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "年間合計",
        Lang::En => "Year",
    }
}

/// The targets table's title and column headings (target, yearly figure).
pub fn target_headings(lang: Lang) -> [&'static str; 2] {
    match lang {
        Lang::Ja => ["目標（KPI-1）", "年間目標"],
        Lang::En => ["Target (KPI-1)", "Yearly target"],
    }
}

/// What the sheet says when the model states no target.
pub fn no_targets(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "モデルに目標がありません（[targets] に書くと、ここに表示されます）",
        Lang::En => "The model states no targets (write them in [targets] to see them here)",
    }
}

/// A target's name (by its `[targets]` key).
pub fn target_label(lang: Lang, key: &str) -> &str {
    let (ja, en) = match key {
        "users" => ("利用者数", "Users"),
        "users_60_plus" => ("利用者数（うち60歳以上）", "Users aged 60+"),
        "users_65_plus" => ("利用者数（うち65歳以上）", "Users aged 65+"),
        "employed" => ("就職確認者数", "Employment confirmed"),
        "employed_60_plus" => ("就職確認者数（うち60歳以上）", "Employment confirmed, 60+"),
        "employed_65_plus" => ("就職確認者数（うち65歳以上）", "Employment confirmed, 65+"),
        "new_companies" => ("新規開拓企業数", "New companies"),
        "referrals" => ("職業紹介件数", "Referrals"),
        "internships" => (
            "シニア向けインターンシップ参加者数",
            "Internship participants",
        ),
        other => (other, other),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}
