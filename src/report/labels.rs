//! Words people read, one table per language: Japanese by default, English on request.
//!
//! Every writer (CSV name columns, workbook, calendars, HTML, notices, the terminal
//! summary) takes its words from here, so a label is translated once and the writers
//! stay free of literal text. Dates follow the language too: `2023年7月12日(水)` and
//! month headers with the era year (`令和5年7月`).

use chrono::{Datelike, NaiveDate};

use crate::check::finding::{Arg as FindingArg, Finding, Msg};
use crate::plan::cause::{Away, Cause, Counted, NoTeacher, Pool, Unfilled};
use crate::plan::Violation;

/// The language of people-facing output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Japanese (the default).
    #[default]
    Ja,
    /// English.
    En,
}

/// The words of one language.
#[derive(Debug)]
pub struct Labels {
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// Event kinds: (id, label).
    pub kinds: [(&'static str, &'static str); 7],
    /// Roles: (id, label).
    pub roles: [(&'static str, &'static str); 8],
    /// Seminar types: (id, label).
    pub seminar_types: [(&'static str, &'static str); 4],
    /// Kinds of change in a re-plan: (id, label).
    pub changes: [(&'static str, &'static str); 13],
    /// Series topics (ONE-1) by id: (id, label). Seminar themes are the model's own
    /// words and are shown as they are.
    pub topics: [(&'static str, &'static str); 4],
    /// Modes: (id, label).
    pub modes: [(&'static str, &'static str); 2],
    /// The `kind` of a team row of changes.csv (`team`).
    pub team: &'static str,
    /// "substitute day" (振替).
    pub substitute: &'static str,
    /// "closed".
    pub closed: &'static str,
    /// "moved to".
    pub moved_to: &'static str,
    /// "for" (a substitute day replaces this holiday).
    pub instead_of: &'static str,
    /// Column and sheet headings.
    pub h: Headings,
    /// Terminal summary words.
    pub t: Terminal,
    /// Notice letter sentences.
    pub n: NoticeWords,
    /// Terminal words of the training-provider kind.
    pub tr: TrainingTerminal,
    /// Kinds of change of the count decisions (`[[quota_change]]`,
    /// `[[series_change]]`): (id, label); [`Labels::change`] reads them after
    /// `changes`.
    pub count_changes: [(&'static str, &'static str); 1],
    /// Words of issue 16: status lines, re-plan summaries, the what-if table, history,
    /// letters' reasons and titles.
    pub p: Phrases,
}

/// Words of issue 16 (status lines, re-plan and hand-edit summaries, the what-if table,
/// `history`, letters' reasons, titles). Templates name their values in braces; see
/// [`fill`].
#[derive(Debug)]
pub struct Phrases {
    /// Parts that stopped on the time limit: `{parts}`.
    pub stopped_on_time: &'static str,
    /// Parts without a bound: `{parts}`.
    pub no_bound: &'static str,
    /// What the gap is measured against: `{what}`, then ` (bound {bound})`.
    pub gap_against: &'static str,
    /// `{bound}` after `gap_against`.
    pub with_bound: &'static str,
    /// What a bound covers: the joint bound, stage 2 given stage 1's dates, and the
    /// latter because the joint bound came out above the plan, or above the bound given
    /// the dates.
    pub bound_of: [&'static str; 4],
    /// Gap of staffing given the dates: `{gap}`.
    pub dates_gap: &'static str,
    /// Solve parts: stage 1, stage 2 prefix, joint bound prefix, `(part {i} of {n})`,
    /// and several parts of one kind: `(parts {list} of {n})`.
    pub parts: [&'static str; 5],
    /// Count of assignments: `{n}`.
    pub assignments: &'static str,
    /// The month column of the seminars table.
    pub month: &'static str,
    /// Announced changes (PR-1): `{n}`.
    pub announced: &'static str,
    /// Pinned hand edits: `{kept}`, `{changed}`.
    pub pins: &'static str,
    /// One pinned edit changed: `{date} {event} {staff} ({role})`, `{why}`.
    pub pin_changed: &'static str,
    /// Earlier re-plans still in force: `{list}`.
    pub earlier_kept: &'static str,
    /// The neutral reason of a letter when a scenario gives no `public_reason`.
    pub default_reason: &'static str,
    /// A plan's title: `{model}`, `{date}` (the plan's date).
    pub title: &'static str,
    /// What-if table: scenario, ok, violations, changed, held, moved, cancelled,
    /// events moved, events cancelled, announced, people, staff-days, km, objective,
    /// fairness, cancellation cost, status.
    pub comparison: [&'static str; 17],
    /// What-if table's group headings: consultation days, seminars and events,
    /// PR-1 / people / staff.
    pub comparison_groups: [&'static str; 3],
    /// Yes and no (the what-if table's `ok`).
    pub yes_no: [&'static str; 2],
    /// The baseline row's name.
    pub baseline: &'static str,
    /// `... {n} more in violations.csv`.
    pub more_violations: &'static str,
    /// `roster history`: model, no chain, scenario, `{changes}`/`{people}`, nothing,
    /// files as written, `{files}` edited by hand, not TOML, a hand edit.
    pub history: [&'static str; 9],
    /// `roster diff`: hand edits, none, `{files}` written.
    pub diff: [&'static str; 3],
    /// A training notice's head: no longer needed, new.
    pub training_notices: [&'static str; 2],
    /// `{date}`: the re-plan's day.
    pub as_of: &'static str,
    /// Solve statuses: (id, label).
    pub statuses: [(&'static str, &'static str); 4],
}

/// Words of a training provider's terminal output (solve, check, replan, what-if).
/// Templates name their values in braces (`{sessions}`); see [`fill`].
#[derive(Debug)]
pub struct TrainingTerminal {
    /// Objective line: objective, continuity, fairness, room changes, violations.
    pub objective: [&'static str; 5],
    /// Course table columns: course, deadline, interview, start, end, hours, online,
    /// internship.
    pub course_columns: [&'static str; 8],
    /// `{sessions}`, `{assignments}` counted.
    pub counts: &'static str,
    /// Every rule holds.
    pub all_hold: &'static str,
    /// `{n}` violations follow.
    pub violations: &'static str,
    /// `roster check` found nothing: `{courses}`, `{sessions}`, `{assignments}`.
    pub check_ok: &'static str,
    /// Re-plan figures: `{sessions}`, `{instructors}`, `{courses}`, `{people}`.
    pub figures: &'static str,
    /// What-if table columns, two header rows: scenario, ok, violations, sessions moved,
    /// instructors changed, courses moved, people to notify, objective, status.
    pub comparison: [[&'static str; 9]; 2],
    /// Yes and no (the what-if table's `ok`).
    pub yes_no: [&'static str; 2],
    /// Training roles: (id, label).
    pub roles: [(&'static str, &'static str); 8],
    /// Session types: (id, label).
    pub session_types: [(&'static str, &'static str); 5],
    /// Kinds of change in a training re-plan: (id, label).
    pub changes: [(&'static str, &'static str); 11],
    /// Course fields: (id, label).
    pub fields: [(&'static str, &'static str); 3],
    /// A person's calendar title after their name (`予定`, `schedule`).
    pub schedule: &'static str,
}

impl TrainingTerminal {
    /// The label of a training role id (the id itself if unknown).
    pub fn role<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.roles, id)
    }

    /// The label of a session type id (`lecture`, `practical`, ...).
    pub fn session_type<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.session_types, id)
    }

    /// The label of a training change id.
    pub fn change<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.changes, id)
    }

    /// The label of a course field id (`digital`, ...).
    pub fn field<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.fields, id)
    }
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = template.to_string();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

/// Column and sheet headings of the workbook and the HTML page.
#[derive(Debug)]
pub struct Headings {
    /// Date.
    pub date: &'static str,
    /// Weekday.
    pub weekday: &'static str,
    /// Holiday.
    pub holiday: &'static str,
    /// Start.
    pub start: &'static str,
    /// End.
    pub end: &'static str,
    /// Kind.
    pub kind: &'static str,
    /// Municipality.
    pub municipality: &'static str,
    /// Venue.
    pub venue: &'static str,
    /// Room.
    pub room: &'static str,
    /// Address.
    pub address: &'static str,
    /// Staff id.
    pub staff_id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Role.
    pub role: &'static str,
    /// Event id.
    pub event_id: &'static str,
    /// Seats.
    pub room_capacity: &'static str,
    /// Participants.
    pub capacity: &'static str,
    /// Seminar type.
    pub seminar_type: &'static str,
    /// Theme.
    pub theme: &'static str,
    /// Mode.
    pub mode: &'static str,
    /// Lecturer.
    pub lecturer: &'static str,
    /// Reception.
    pub reception: &'static str,
    /// Other events (not in a municipality column).
    pub other: &'static str,
    /// Office.
    pub office: &'static str,
    /// Contract days a week.
    pub contract: &'static str,
    /// Days worked in the year.
    pub total: &'static str,
    /// Days a week worked.
    pub per_week: &'static str,
    /// Rule.
    pub rule: &'static str,
    /// Message.
    pub message: &'static str,
    /// Change.
    pub change: &'static str,
    /// Before.
    pub before: &'static str,
    /// After.
    pub after: &'static str,
    /// Notice.
    pub notice: &'static str,
    /// Sheet: assignments.
    pub sheet_assignments: &'static str,
    /// Sheet: seminars and events.
    pub sheet_events: &'static str,
    /// Sheet: teams.
    pub sheet_teams: &'static str,
    /// Sheet: days per person.
    pub sheet_days: &'static str,
    /// Sheet: violations.
    pub sheet_violations: &'static str,
    /// Sheet: changes.
    pub sheet_changes: &'static str,
    /// Sheet: notices.
    pub sheet_notices: &'static str,
    /// "none" (no violations).
    pub no_violations: &'static str,
    /// View by person.
    pub by_person: &'static str,
    /// View by municipality.
    pub by_municipality: &'static str,
    /// Everything.
    pub all: &'static str,
    /// A rule does not hold here.
    pub violation: &'static str,
}

/// Words of the terminal summary.
#[derive(Debug)]
pub struct Terminal {
    /// "status".
    pub status: &'static str,
    /// "gap".
    pub gap: &'static str,
    /// "time".
    pub time: &'static str,
    /// Objective line: objective, travel, continuity, fairness, preference, changes, violations.
    pub objective: [&'static str; 7],
    /// Municipality table header.
    pub municipality_header: &'static str,
    /// Staff table header.
    pub staff_header: &'static str,
    /// Seminars by month header.
    pub seminars_header: &'static str,
    /// Events counted.
    pub events: &'static str,
    /// "violations: none; every rule holds".
    pub violations_none: &'static str,
    /// "violations".
    pub violations: &'static str,
    /// "plan written to".
    pub written: &'static str,
    /// "scenario".
    pub scenario: &'static str,
    /// "changed assignments: {} (the scenario forces {})" parts.
    pub changed: [&'static str; 2],
    /// "changes".
    pub changes: &'static str,
    /// "none".
    pub none: &'static str,
    /// "tell".
    pub tell: &'static str,
    /// "holidays" (count line).
    pub holidays: &'static str,
    /// "unknown" (a gap without a bound).
    pub unknown: &'static str,
}

/// Sentences of the notices.
#[derive(Debug)]
pub struct NoticeWords {
    /// Salutation after the name.
    pub dear: &'static str,
    /// Opening for a year's letter (programme name follows).
    pub year_intro: &'static str,
    /// Opening for a re-plan: `{reason}`, the scenario's `public_reason` (never its
    /// name).
    pub replan_intro: &'static str,
    /// Heading: what they now do.
    pub now_do: &'static str,
    /// Heading: what they no longer do.
    pub no_longer: &'static str,
    /// Heading: changed date, time or place.
    pub changed: &'static str,
    /// Heading: teams.
    pub teams: &'static str,
    /// "stepping in for".
    pub steps_in_for: &'static str,
    /// "venue".
    pub venue: &'static str,
    /// "before".
    pub was: &'static str,
    /// "joins the team of".
    pub joins: &'static str,
    /// "leaves the team of".
    pub leaves: &'static str,
    /// "cancelled".
    pub cancelled: &'static str,
    /// Closing lines.
    pub closing: &'static str,
    /// Nothing changes for you.
    pub nothing: &'static str,
}

const JA: Labels = Labels {
    weekdays: ["月", "火", "水", "木", "金", "土", "日"],
    kinds: [
        ("consultation", "就職相談"),
        ("seminar", "就職支援セミナー"),
        ("outreach", "出前セミナー"),
        ("one-point", "ワンポイントセミナー"),
        ("job-fair", "合同企業面接会"),
        ("roundtable", "就職座談会"),
        ("office", "事務局"),
    ],
    roles: [
        ("consultant", "キャリアコンサルタント"),
        ("lecturer", "講師"),
        ("reception", "受付"),
        ("manager", "運営管理責任者"),
        ("sub-manager", "副管理責任者"),
        ("staff", "求人開拓員"),
        ("job-developer", "求人開拓員"),
        // SEM-7 (issue 17).
        ("childcare", "保育士"),
    ],
    seminar_types: [
        ("all-ages", "全年齢向け"),
        ("senior", "シニア向け"),
        ("women", "女性向け"),
        ("health", "健康関連"),
    ],
    changes: [
        ("event-added", "日程追加"),
        ("event-removed", "日程中止"),
        ("event-moved", "日程変更"),
        ("venue-changed", "会場・時間変更"),
        ("details-changed", "内容変更"),
        ("staff-replaced", "担当者交代"),
        ("staff-added", "担当者追加"),
        ("staff-removed", "担当者取消"),
        ("team-joined", "チーム加入"),
        ("team-left", "チーム離脱"),
        ("deadline-moved", "締切変更"),
        ("deadline-added", "締切追加"),
        ("deadline-removed", "締切取消"),
    ],
    topics: [
        ("entrepreneurship", "起業"),
        ("home-based-work", "在宅ワーク"),
        ("pension-and-work", "年金と働き方"),
        ("digital-job-search", "デジタル就職活動"),
    ],
    modes: [("offline", "対面"), ("online", "オンライン")],
    team: "チーム",
    substitute: "振替",
    closed: "休所",
    moved_to: "振替先",
    instead_of: "分",
    h: Headings {
        date: "日付",
        weekday: "曜日",
        holiday: "祝日",
        start: "開始",
        end: "終了",
        kind: "種別",
        municipality: "市町",
        venue: "会場",
        room: "部屋",
        address: "住所",
        staff_id: "職員ID",
        name: "氏名",
        role: "役割",
        event_id: "イベントID",
        room_capacity: "定員(部屋)",
        capacity: "定員",
        seminar_type: "セミナー種別",
        theme: "テーマ",
        mode: "形式",
        lecturer: "講師",
        reception: "受付",
        other: "その他",
        office: "事務局",
        contract: "契約日数/週",
        total: "年間",
        per_week: "日数/週",
        rule: "ルール",
        message: "内容",
        change: "変更",
        before: "変更前",
        after: "変更後",
        notice: "連絡",
        sheet_assignments: "担当一覧",
        sheet_events: "セミナー・イベント",
        sheet_teams: "チーム",
        sheet_days: "月別勤務日数",
        sheet_violations: "ルール違反",
        sheet_changes: "変更",
        sheet_notices: "連絡",
        no_violations: "なし（すべてのルールを満たしています）",
        by_person: "担当者別",
        by_municipality: "市町別",
        all: "すべて",
        violation: "ルール違反",
    },
    t: Terminal {
        status: "状態",
        gap: "ギャップ",
        time: "時間",
        objective: [
            "目的関数",
            "移動",
            "継続性",
            "公平性",
            "希望",
            "変更",
            "違反",
        ],
        municipality_header: "市町          日数  チーム",
        staff_header: "職員   役割            日数  契約/週  実績/週",
        seminars_header: "セミナー（月別・種別）",
        events: "イベント数",
        violations_none: "違反: なし（すべてのルールを満たしています）",
        violations: "違反",
        written: "計画の出力先",
        scenario: "シナリオ",
        changed: ["変更した担当", "シナリオによる必須の変更"],
        changes: "変更",
        none: "なし",
        tell: "連絡先",
        holidays: "件の祝日",
        unknown: "不明",
    },
    n: NoticeWords {
        dear: "様",
        year_intro: "いつもお世話になっております。\n{programme}のご担当日程をお知らせいたします。",
        replan_intro: "いつもお世話になっております。\n{reason}、ご担当日程が次のとおり変更となりましたので、お知らせいたします。",
        now_do: "■ ご担当いただく日程",
        no_longer: "■ ご担当が不要となった日程",
        changed: "■ 日時・会場が変更となった日程",
        teams: "■ 担当チーム",
        steps_in_for: "さんの代わりにご担当いただきます",
        venue: "会場",
        was: "変更前",
        joins: "の担当チームに加わっていただきます。",
        leaves: "の担当チームから外れます。",
        cancelled: "中止",
        closing: "ご不明な点がございましたら、事務局までお問い合わせください。\nどうぞよろしくお願いいたします。",
        nothing: "ご担当日程に変更はありません。",
    },
    tr: TrainingTerminal {
        objective: ["目的関数", "継続性", "公平性", "教室の変更", "違反"],
        course_columns: [
            "コース",
            "応募締切",
            "選考日",
            "開始",
            "終了",
            "時間",
            "オンライン",
            "職場実習",
        ],
        counts: "セッション {sessions} 件、担当 {assignments} 件",
        all_hold: "違反: なし（TRN-1〜TRN-11 をすべて満たしています。独立に検査済み）",
        violations: "違反: {n} 件",
        check_ok: "ok: コース {courses} 件、セッション {sessions} 件、担当 {assignments} 件。すべてのルールを満たしています",
        figures: "移動したセッション {sessions}、講師の変更 {instructors}、移動したコース {courses}、連絡する人 {people}",
        comparison: [
            ["シナリオ", "可否", "違反", "セッション", "講師", "コース", "連絡", "目的関数", "状態"],
            ["", "", "", "移動", "変更", "移動", "人数", "", ""],
        ],
        yes_no: ["可", "否"],
        roles: [
            ("instructor", "講師"),
            ("assistant", "補助講師"),
            ("homeroom", "担任"),
            ("interviewer", "選考面接"),
            ("job-support-manager", "就職支援責任者"),
            ("job-support", "就職支援"),
            ("training-manager", "訓練実施責任者"),
            ("liaison", "連絡調整担当"),
        ],
        session_types: [
            ("lecture", "学科"),
            ("practical", "実技"),
            ("workplace", "職場実習"),
            ("internship", "デジタル職場実習"),
            ("visit", "職場見学"),
        ],
        changes: [
            ("course-moved", "コース日程変更"),
            ("session-added", "訓練追加"),
            ("session-removed", "訓練取消"),
            ("room-changed", "教室変更"),
            ("mode-changed", "形式変更"),
            ("staff-added", "担当者追加"),
            ("staff-removed", "担当者取消"),
            ("course-cancelled", "コース中止"),
            ("course-added", "コース追加"),
            ("interview-moved", "選考日変更"),
            ("subject-changed", "科目入替"),
        ],
        fields: [("digital", "デジタル"), ("care", "介護"), ("office", "事務")],
        schedule: "予定",
    },
    // issue 16, [[quota_change]] / [[series_change]]: change kinds of count decisions.
    count_changes: [("event-cut", "回数削減により中止")],
    p: Phrases {
        stopped_on_time: "制限時間で打ち切り: {parts}",
        no_bound: "目的関数の下界がまだありません: {parts}（下界が未計算か、その計画がルールを満たしていません）",
        gap_against: "ギャップの基準: {what}",
        with_bound: "（下界 {bound}）",
        bound_of: [
            "年間全体（担当とすべてのセミナー・イベントの日程、同時下界）",
            "第1段階の日程での担当割り当て（第2段階）",
            "第1段階の日程での担当割り当て（第2段階）（年間全体の下界がこの計画より大きく出たため、下界ではないので使っていません）",
            "第1段階の日程での担当割り当て（第2段階）（年間全体の下界がこの日程での担当割り当ての下界より大きく出たため、下界ではないので使っていません）",
        ],
        dates_gap: "この日程での担当割り当てのギャップ（第2段階）: {gap}",
        parts: [
            "第1段階（日程）",
            "第2段階",
            "同時下界",
            "（{n}件中{i}件目）",
            "（{n}件中{list}件目）",
        ],
        assignments: "担当数: {n}",
        month: "月     ",
        announced: "周知済みの変更: 配布済みのチラシ・リーフレットに載ったイベントの変更が{n}件あります（PR-1）。利用者へのお知らせが必要です",
        pins: "手作業の変更（固定）: 維持 {kept}件、変更 {changed}件",
        pin_changed: "変更: {what}: {why}",
        earlier_kept: "引き続き有効な以前の再計画: {list}",
        default_reason: "都合により",
        title: "{model}（{date}時点）",
        comparison: [
            "シナリオ", "可否", "違反", "変更", "実施", "移動", "中止", "移動", "中止", "周知", "連絡",
            "人日", "km", "目的関数", "公平性", "中止コスト", "状態",
        ],
        comparison_groups: ["相談日", "セミナー等", "PR-1 人数 人日"],
        yes_no: ["可", "否"],
        baseline: "現行計画",
        more_violations: "  …ほか{n}件は violations.csv にあります",
        history: [
            "モデル",
            "履歴: なし（通常の計画作成）",
            "シナリオ",
            "変更: {changes}、連絡した人: {people}",
            "なし",
            "ファイル: 書き出したまま",
            "ファイル: 書き出し後に手作業で編集: {files}",
            "（シナリオの内容が TOML ではありません）",
            "手作業の変更",
        ],
        diff: ["手作業の変更", "なし", "出力先: {files}"],
        training_notices: ["担当不要", "新たに担当"],
        as_of: "（{date}時点）",
        statuses: [
            ("optimal", "最適"),
            ("gap-limit", "ギャップ到達"),
            ("time-limit", "時間切れ"),
            ("loaded", "読込"),
        ],
    },
};

const EN: Labels = Labels {
    weekdays: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    kinds: [
        ("consultation", "consultation"),
        ("seminar", "seminar"),
        ("outreach", "outreach seminar"),
        ("one-point", "one-point seminar"),
        ("job-fair", "job fair"),
        ("roundtable", "roundtable"),
        ("office", "office"),
    ],
    roles: [
        ("consultant", "consultant"),
        ("lecturer", "lecturer"),
        ("reception", "reception"),
        ("manager", "manager"),
        ("sub-manager", "sub-manager"),
        ("staff", "job developer"),
        ("job-developer", "job developer"),
        // SEM-7 (issue 17).
        ("childcare", "childcare worker"),
    ],
    seminar_types: [
        ("all-ages", "all ages"),
        ("senior", "senior"),
        ("women", "women"),
        ("health", "health"),
    ],
    changes: [
        ("event-added", "event added"),
        ("event-removed", "event removed"),
        ("event-moved", "event moved"),
        ("venue-changed", "venue or time changed"),
        ("details-changed", "details changed"),
        ("staff-replaced", "staff replaced"),
        ("staff-added", "staff added"),
        ("staff-removed", "staff removed"),
        ("team-joined", "joined team"),
        ("team-left", "left team"),
        ("deadline-moved", "deadline moved"),
        ("deadline-added", "deadline added"),
        ("deadline-removed", "deadline removed"),
    ],
    topics: [
        ("entrepreneurship", "starting a business"),
        ("home-based-work", "working from home"),
        ("pension-and-work", "pensions and work"),
        ("digital-job-search", "digital job search"),
    ],
    modes: [("offline", "in person"), ("online", "online")],
    team: "team",
    substitute: "substitute",
    closed: "closed",
    moved_to: "moved to",
    instead_of: "for",
    h: Headings {
        date: "date",
        weekday: "weekday",
        holiday: "holiday",
        start: "start",
        end: "end",
        kind: "kind",
        municipality: "municipality",
        venue: "venue",
        room: "room",
        address: "address",
        staff_id: "staff id",
        name: "name",
        role: "role",
        event_id: "event id",
        room_capacity: "seats",
        capacity: "capacity",
        seminar_type: "seminar type",
        theme: "theme",
        mode: "mode",
        lecturer: "lecturer",
        reception: "reception",
        other: "other",
        office: "office",
        contract: "contract days/week",
        total: "year",
        per_week: "days/week",
        rule: "rule",
        message: "message",
        change: "change",
        before: "before",
        after: "after",
        notice: "notice",
        sheet_assignments: "Assignments",
        sheet_events: "Seminars and events",
        sheet_teams: "Teams",
        sheet_days: "Days per person",
        sheet_violations: "Violations",
        sheet_changes: "Changes",
        sheet_notices: "Notices",
        no_violations: "none; every rule holds",
        by_person: "by person",
        by_municipality: "by municipality",
        all: "all",
        violation: "rule violated",
    },
    t: Terminal {
        status: "status",
        gap: "gap",
        time: "time",
        objective: [
            "objective",
            "travel",
            "continuity",
            "fairness",
            "preference",
            "changes",
            "violations",
        ],
        municipality_header: "municipality  days  team",
        staff_header: "staff  role            days  contract/wk  days/wk",
        seminars_header: "seminars by month",
        events: "events",
        violations_none: "violations: none; every rule holds",
        violations: "violations",
        written: "plan written to",
        scenario: "scenario",
        changed: ["changed assignments", "the scenario forces"],
        changes: "changes",
        none: "none",
        tell: "tell",
        holidays: "holidays",
        unknown: "unknown",
    },
    n: NoticeWords {
        dear: "",
        year_intro: "Hello,\nhere are your days in {programme}.",
        replan_intro: "Hello,\n{reason}, your days change as follows.",
        now_do: "* Your days",
        no_longer: "* Days you no longer work",
        changed: "* Days with a new date, time or venue",
        teams: "* Teams",
        steps_in_for: "stepping in for",
        venue: "venue",
        was: "was",
        joins: ": you join this team.",
        leaves: ": you leave this team.",
        cancelled: "cancelled",
        closing: "Please ask the office if anything is unclear.\nThank you.",
        nothing: "Nothing changes for you.",
    },
    tr: TrainingTerminal {
        objective: ["objective", "continuity", "fairness", "room changes", "violations"],
        course_columns: [
            "course",
            "deadline",
            "interview",
            "start",
            "end",
            "hours",
            "online",
            "intern",
        ],
        counts: "{sessions} sessions, {assignments} assignments",
        all_hold: "every rule holds (TRN-1..TRN-11, checked independently)",
        violations: "{n} violation(s):",
        check_ok: "ok: {courses} courses, {sessions} sessions, {assignments} assignments; every rule holds",
        figures: "sessions moved {sessions}, instructor changes {instructors}, courses moved {courses}, people to notify {people}",
        comparison: [
            ["scenario", "ok", "viol", "sessions", "instructors", "courses", "notify", "objective", "status"],
            ["", "", "", "moved", "changed", "moved", "people", "", ""],
        ],
        yes_no: ["yes", "no"],
        roles: [
            ("instructor", "instructor"),
            ("assistant", "assistant"),
            ("homeroom", "homeroom"),
            ("interviewer", "interviewer"),
            ("job-support-manager", "job-support manager"),
            ("job-support", "job support"),
            ("training-manager", "training manager"),
            ("liaison", "liaison"),
        ],
        session_types: [
            ("lecture", "lecture"),
            ("practical", "practical"),
            ("workplace", "workplace practice"),
            ("internship", "internship"),
            ("visit", "workplace visit"),
        ],
        changes: [
            ("course-moved", "course moved"),
            ("session-added", "session added"),
            ("session-removed", "session removed"),
            ("room-changed", "room changed"),
            ("mode-changed", "mode changed"),
            ("staff-added", "staff added"),
            ("staff-removed", "staff removed"),
            ("course-cancelled", "course cancelled"),
            ("course-added", "course added"),
            ("interview-moved", "interview moved"),
            ("subject-changed", "subject changed"),
        ],
        fields: [("digital", "digital"), ("care", "care"), ("office", "office")],
        schedule: "schedule",
    },
    // issue 16, [[quota_change]] / [[series_change]]: change kinds of count decisions.
    count_changes: [("event-cut", "event cut (fewer a year)")],
    p: Phrases {
        stopped_on_time: "stopped on the time limit: {parts}",
        no_bound: "no bound on the real objective for: {parts} (no bound yet, or its plan breaks a rule)",
        gap_against: "gap against: {what}",
        with_bound: " (bound {bound})",
        bound_of: [
            "the whole year: staffing and every seminar and event date (joint bound)",
            "staffing (stage 2) given stage 1's dates",
            "staffing (stage 2) given stage 1's dates (the whole-year bound came out above this plan, so it is not a bound here and is not used)",
            "staffing (stage 2) given stage 1's dates (the whole-year bound came out above the bound given these dates, so it is not a bound here and is not used)",
        ],
        dates_gap: "gap of staffing given these dates (stage 2): {gap}",
        parts: [
            "stage 1 (dates)",
            "stage 2",
            "joint bound",
            "(part {i} of {n})",
            "(parts {list} of {n})",
        ],
        assignments: "assignments: {n}",
        month: "month  ",
        announced: "announced: {n} event change(s) fall in a leaflet or flyer already out (PR-1): tell the public",
        pins: "hand edits (pinned): {kept} kept, {changed} changed",
        pin_changed: "changed: {what}: {why}",
        earlier_kept: "earlier re-plans kept in force: {list}",
        default_reason: "For operational reasons",
        title: "{model} (as of {date})",
        comparison: [
            "scenario", "ok", "viol", "changed", "held", "moved", "cancel", "ev-mv", "ev-cxl", "ann",
            "tell", "staff-days", "km", "objective", "fairness", "cancel-pt", "status",
        ],
        comparison_groups: ["consultation days", "seminars+", "PR-1 people staff"],
        yes_no: ["yes", "NO"],
        baseline: "baseline",
        more_violations: "  ... {n} more in violations.csv",
        history: [
            "model",
            "chain: none (a plain solve)",
            "scenario",
            "changed: {changes}; people told: {people}",
            "nothing",
            "files: as written",
            "files: edited by hand since written: {files}",
            "(scenario text is not TOML)",
            "hand edit",
        ],
        diff: ["hand edits", "none", "written: {files}"],
        training_notices: ["no longer needed", "new"],
        as_of: "(as_of {date})",
        statuses: [
            ("optimal", "optimal"),
            ("gap-limit", "gap-limit"),
            ("time-limit", "time-limit"),
            ("loaded", "loaded"),
        ],
    },
};

/// The message of a violation a solve reports: what fell short by `short` (events,
/// people, members or days missing) and its likely cause ([`Cause`], tagged on the
/// slack by `milp::slack`), in `lang`. Ids, rule IDs and dates stay as they are, so a
/// reader can find them in the plan files; violations.csv's readers go by its `rule`,
/// `date`, `event_id` and `staff_id` columns, never by this text.
pub fn violation_message(lang: Lang, cause: &Cause, short: f64) -> String {
    match lang {
        Lang::Ja => japanese_violation(cause, short),
        Lang::En => english_violation(cause, short),
    }
}

/// A violation's message in `lang`: its cause rendered when it has one (a solve's
/// slack), else the text it carries (the checker's, or read from a plan folder).
pub fn violation_text(lang: Lang, v: &Violation) -> String {
    match &v.cause {
        Some(c) => violation_message(lang, &c.cause, c.short),
        None => v.message.clone(),
    }
}

/// Puts each violation's message in `lang` (see [`violation_text`]) and restores the
/// list's fixed order, which sorts by message last. Writers call it on the plan they
/// write, so violations.csv, roster.json, the workbook and the terminal agree.
pub fn render_violations(violations: &mut [Violation], lang: Lang) {
    for v in violations.iter_mut() {
        if v.cause.is_some() {
            v.message = violation_text(lang, v);
        }
    }
    violations.sort();
}

/// A count as a person reads it: `2`, not `2.0`; `0.5` as it is.
fn amount(x: f64) -> String {
    if (x - x.round()).abs() < 1e-9 {
        format!("{}", x.round() as i64)
    } else {
        format!("{x:.2}")
    }
}

fn japanese_violation(cause: &Cause, short: f64) -> String {
    let l = &JA;
    let n = amount(short);
    match cause {
        Cause::Found(f) => finding_text(Lang::Ja, f),
        Cause::NoFreeDate { counted, count } => {
            let what = match counted {
                Counted::Seminars {
                    municipality,
                    seminar_type,
                } => format!(
                    "{municipality}の{}セミナー{count}回",
                    l.seminar_type(seminar_type)
                ),
                Counted::SeriesInMonth {
                    series,
                    year,
                    month,
                } => format!("{series}の{year}年{month}月の{count}回"),
                Counted::SeriesInYear { series } => format!("{series}の年{count}回"),
            };
            format!(
                "{what}のうち{}回を設定、{n}回不足。会場を使える空き日がありません（会場の曜日・休館・部屋を確認してください）",
                amount(f64::from(*count) - short)
            )
        }
        Cause::AnnouncedDateLost { event } => format!(
            "{event}は周知済み（チラシ・リーフレット配布済み）ですが日程を守れません。部屋または日が他の周知済みイベントに使われているか、シナリオで休館になっています"
        ),
        Cause::NeedUnfilled {
            municipality,
            date,
            count,
            role,
            why,
        } => {
            let head = format!(
                "{municipality} {date}: {}{count}人のうち{n}人が不足",
                l.role(role)
            );
            match why {
                Some(why) => format!("{head}。{}", japanese_unfilled(why)),
                None => head,
            }
        }
        Cause::TeamTooSmall {
            municipality,
            min,
            qualified,
        } => format!(
            "{municipality}: 担当チームが{}人（最低{min}人）。資格要件（CON-5）を満たす相談員: {}",
            amount(f64::from(*min) - short),
            if qualified.is_empty() {
                "なし".to_string()
            } else {
                qualified.join("、")
            }
        ),
        Cause::OnlineHoursShort { course, planned } => format!(
            "{course}: オンライン時間が計画の{planned}時間に足りません（オンライン可の時限が不足）"
        ),
        Cause::NoClassroomFits {
            course,
            trainees,
            pcs,
            area_per_trainee_m2,
        } => format!(
            "{course}: 教室がありません。訓練生{trainees}人{}が入る教室がありません（TRN-5: 席数 = 面積 / {area_per_trainee_m2}㎡ の切り捨て、PC、プリンター）",
            if *pcs { "（PC使用）" } else { "" },
        ),
        Cause::ClassroomsTaken { course } => format!(
            "{course}: 教室がありません。コースに合う教室はその日すべて使用中か使用できません"
        ),
        Cause::TooFewRooms { courses, rooms } => format!(
            "コース {} が使える教室は {} のみで、その日の教室が足りません（開始時期が重なっています）",
            courses.join("、"),
            rooms.join("、")
        ),
        Cause::TooFewHomerooms { homerooms } => format!(
            "同時に実施するコースが、担任になれる常勤講師{homerooms}人より多くなっています"
        ),
        Cause::FewQualifiedInstructors { session, lead, why } => {
            let why = match why {
                NoTeacher::NoCourseInstructorFree => "コースの講師に空きがありません".into(),
                NoTeacher::NobodyTeaches { subject, requires } => format!(
                    "{subject}{}を担当できる講師がいません",
                    if requires.is_empty() {
                        String::new()
                    } else {
                        format!("（{}）", requires.join("、"))
                    }
                ),
                NoTeacher::AllAway { subject, away } => format!(
                    "{subject}の講師が全員不在です（{}）",
                    away.join("、")
                ),
                NoTeacher::TeachingElsewhere { subject } => {
                    format!("{subject}の講師はその時間に別の訓練を担当しています")
                }
            };
            format!("{session}: 資格のある講師が必要な{lead}人に足りません。{why}")
        }
        Cause::TeachingRatioShort {
            session,
            total,
            trainees,
            kind,
        } => format!(
            "{session}: 訓練生{trainees}人に必要な講師・補助講師{total}人に足りません（{}）",
            JA.tr.session_type(kind)
        ),
        Cause::NoHomeroom { course } => {
            format!("{course}: 担任になれる常勤講師に空きがありません")
        }
        Cause::ManagerOnSiteShort { course, need, days } => format!(
            "{course}: 就職支援責任者の訓練施設への在席が教室での訓練日{days}日のうち{}日に足りません（休暇、または就職支援責任者がいません）",
            amount(*need)
        ),
        Cause::FewInterviewers { course, min } => {
            format!("{course}: 選考日に面接担当が{min}人そろいません")
        }
        Cause::NoInterviewDay { course } => {
            format!("{course}: 応募締切と開始日の間に選考面接を行える営業日がありません")
        }
        Cause::NoJobSupportFree { contact } => {
            format!("{contact}: その日に対応できる就職支援担当がいません")
        }
        // issue 18 (TRN-3, TRN-4, TRN-5, TRN-7 as RULES.md reads them now)
        Cause::NoLiaison { course, away } => format!(
            "{course}: 訓練施設に常駐する担当者がいません。常勤の担当者（{}）が全員不在です（TRN-3）",
            away.join("、")
        ),
        Cause::ManagerAbsentFortnight { course, from, to } => format!(
            "{course}: {from}〜{to} の教室での訓練日に就職支援責任者の在席が1日もありません（TRN-4）"
        ),
        Cause::AnnouncedInterviewMoved { course, date } => format!(
            "{course}: 募集開始済みで周知した選考日 {date} を、コースの日程変更で守れません（TRN-7）"
        ),
        Cause::NoRoomOfKind {
            course,
            subject,
            kinds,
        } => format!(
            "{course}: {subject} に必要な教室（{}）が使えません（TRN-5）",
            kinds.join("、")
        ),
    }
}

/// 「チームの相談員: c05 休暇中、c07 sem-… を担当」(an unfilled need's candidates).
fn japanese_unfilled(why: &Unfilled) -> String {
    let Unfilled::Kept { pool, away } = why else {
        return "資格を満たす職員がいません".into();
    };
    let what = match pool {
        Pool::TeamMembers => "担当チームの相談員",
        Pool::QualifiedConsultants => "資格を満たす相談員",
        Pool::QualifiedStaff => "資格を満たす職員",
    };
    let reasons: Vec<String> = away
        .iter()
        .map(|(id, a)| {
            let why = match a {
                Away::OnLeave => "休暇中".to_string(),
                Away::NotOnWeekday(day) => {
                    let day = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                        .iter()
                        .position(|w| w == day)
                        .map_or(day.as_str(), |i| JA.weekdays[i]);
                    format!("{day}曜日は勤務日ではありません")
                }
                Away::AtEvents(events) => format!("{}を担当", events.join("、")),
                Away::BeyondReach(km) => {
                    format!("自宅から{km:.0} km（max_travel_km を超えます）")
                }
                Away::AtWorkloadLimit => "勤務日数の上限です".to_string(),
            };
            format!("{id} {why}")
        })
        .collect();
    format!("{what}: {}", reasons.join("、"))
}

fn english_violation(cause: &Cause, short: f64) -> String {
    match cause {
        Cause::Found(f) => finding_text(Lang::En, f),
        Cause::NoFreeDate { counted, count } => {
            let what = match counted {
                Counted::Seminars {
                    municipality,
                    seminar_type,
                } => format!("{municipality}: {count} {seminar_type} seminars"),
                Counted::SeriesInMonth {
                    series,
                    year,
                    month,
                } => format!("{series}: {count} in {year}-{month:02}"),
                Counted::SeriesInYear { series } => format!("{series}: {count} a year"),
            };
            format!(
                "{what}: {} placed, {short} short; no free date with a usable room (check the venue's weekdays, closures and rooms)",
                f64::from(*count) - short
            )
        }
        Cause::AnnouncedDateLost { event } => format!(
            "{event} is announced (leaflet or flyer out) but cannot keep its date: its room or day is taken by another announced event or closed by the scenario"
        ),
        Cause::NeedUnfilled {
            municipality,
            date,
            count,
            role,
            why,
        } => {
            let head = format!("{municipality} {date}: {short} of {count} {role} missing");
            match why {
                Some(why) => format!("{head}; {}", english_unfilled(why)),
                None => head,
            }
        }
        Cause::TeamTooSmall {
            municipality,
            min,
            qualified,
        } => format!(
            "{municipality}: team has {} of at least {min} consultants; qualified consultants (CON-5): {}",
            f64::from(*min) - short,
            if qualified.is_empty() {
                "none".to_string()
            } else {
                qualified.join(", ")
            }
        ),
        Cause::OnlineHoursShort { course, planned } => format!(
            "{course}: fewer online hours than the {planned} planned (not enough online-allowed periods)"
        ),
        Cause::NoClassroomFits {
            course,
            trainees,
            pcs,
            area_per_trainee_m2,
        } => format!(
            "{course}: no classroom: no classroom fits {trainees} trainees{} (TRN-5: seats = floor(area / {area_per_trainee_m2}), PCs, printers)",
            if *pcs { " with PCs" } else { "" },
        ),
        Cause::ClassroomsTaken { course } => format!(
            "{course}: no classroom: every classroom that fits the course is taken or unavailable that day"
        ),
        Cause::TooFewRooms { courses, rooms } => format!(
            "courses {} can only use classrooms {}: not enough rooms that day (start windows overlap)",
            courses.join(", "),
            rooms.join(", ")
        ),
        Cause::TooFewHomerooms { homerooms } => format!(
            "more courses run than the {homerooms} full-time instructors who can be homeroom"
        ),
        Cause::FewQualifiedInstructors { session, lead, why } => {
            let why = match why {
                NoTeacher::NoCourseInstructorFree => "no instructor of the course is free".into(),
                NoTeacher::NobodyTeaches { subject, requires } => format!(
                    "nobody teaches {subject}{}",
                    if requires.is_empty() {
                        String::new()
                    } else {
                        format!(" with {}", requires.join(", "))
                    }
                ),
                NoTeacher::AllAway { subject, away } => format!(
                    "every instructor of {subject} is away ({})",
                    away.join(", ")
                ),
                NoTeacher::TeachingElsewhere { subject } => format!(
                    "the instructors of {subject} are teaching elsewhere at that time"
                ),
            };
            format!("{session}: fewer qualified instructors than the {lead} needed: {why}")
        }
        Cause::TeachingRatioShort {
            session,
            total,
            trainees,
            kind,
        } => format!(
            "{session}: fewer than the {total} instructors/assistants {trainees} trainees need ({kind})"
        ),
        Cause::NoHomeroom { course } => {
            format!("{course}: no full-time instructor free to be homeroom")
        }
        Cause::ManagerOnSiteShort { course, need, days } => format!(
            "{course}: the job-support manager is on site on fewer than {need} of {days} classroom days at the site (leave or no job-support manager)"
        ),
        Cause::FewInterviewers { course, min } => {
            format!("{course}: fewer than {min} interviewers free on the interview day")
        }
        Cause::NoInterviewDay { course } => {
            format!("{course}: no business day between deadline and start for the interview")
        }
        Cause::NoJobSupportFree { contact } => {
            format!("{contact}: no job-support staff free that day")
        }
        // issue 18 (TRN-3, TRN-4, TRN-5, TRN-7 as RULES.md reads them now)
        Cause::NoLiaison { course, away } => format!(
            "{course}: no liaison on site: every full-time liaison ({}) is away (TRN-3)",
            away.join(", ")
        ),
        Cause::ManagerAbsentFortnight { course, from, to } => format!(
            "{course}: the job-support manager is on site on none of the classroom days {from} .. {to} (TRN-4)"
        ),
        Cause::AnnouncedInterviewMoved { course, date } => format!(
            "{course}: the interview day {date}, announced with the open application period, cannot be kept: the course's dates moved (TRN-7)"
        ),
        Cause::NoRoomOfKind {
            course,
            subject,
            kinds,
        } => format!(
            "{course}: no usable classroom of the kind {subject} needs ({}) (TRN-5)",
            kinds.join(", ")
        ),
    }
}

/// "team members: c05 on leave; c07 at sem-…" (an unfilled need's candidates).
fn english_unfilled(why: &Unfilled) -> String {
    let Unfilled::Kept { pool, away } = why else {
        return "nobody on the staff qualifies".into();
    };
    let what = match pool {
        Pool::TeamMembers => "team members",
        Pool::QualifiedConsultants => "qualified consultants",
        Pool::QualifiedStaff => "qualified staff",
    };
    let reasons: Vec<String> = away
        .iter()
        .map(|(id, a)| {
            let why = match a {
                Away::OnLeave => "on leave".to_string(),
                Away::NotOnWeekday(day) => format!("does not work on {day}"),
                Away::AtEvents(events) => format!("at {}", events.join(", ")),
                Away::BeyondReach(km) => {
                    format!("lives {km:.0} km away, beyond their max_travel_km")
                }
                Away::AtWorkloadLimit => "at a workload limit".to_string(),
            };
            format!("{id} {why}")
        })
        .collect();
    format!("{what}: {}", reasons.join("; "))
}

/// A plan's title (workbook, HTML page, calendar names): the model's name and the
/// plan's date (the year's first day after a solve, `as_of` after a re-plan). Never the
/// scenario's name: that is the manager's note (issue 16).
pub fn plan_title(lang: Lang, model: &str, day: NaiveDate) -> String {
    let date = match lang {
        Lang::Ja => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Lang::En => day.format("%-d %b %Y").to_string(),
    };
    fill(lang.labels().p.title, &[("model", &model), ("date", &date)])
}

/// The labels of a language.
pub fn labels(lang: Lang) -> &'static Labels {
    match lang {
        Lang::Ja => &JA,
        Lang::En => &EN,
    }
}

fn lookup<'a>(table: &[(&'static str, &'a str)], id: &'a str) -> &'a str {
    table.iter().find(|(k, _)| *k == id).map_or(id, |(_, v)| *v)
}

impl Labels {
    /// The weekday's name.
    pub fn weekday(&self, d: NaiveDate) -> &'static str {
        self.weekdays[d.weekday().num_days_from_monday() as usize]
    }

    /// The label of an event kind id (the id itself if unknown).
    pub fn kind<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.kinds, id)
    }

    /// The label of a role id.
    pub fn role<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.roles, id)
    }

    /// The label of a seminar type id.
    pub fn seminar_type<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.seminar_types, id)
    }

    /// The label of a change id.
    pub fn change<'a>(&self, id: &'a str) -> &'a str {
        match self.count_changes.iter().find(|(k, _)| *k == id) {
            Some((_, v)) => v,
            None => lookup(&self.changes, id),
        }
    }

    /// An event's theme in words: a series topic id (`entrepreneurship`) by its label,
    /// a seminar theme (the model's own words) as it is.
    pub fn theme<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.topics, id)
    }

    /// The label of a mode id (`offline`, `online`).
    pub fn mode<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.modes, id)
    }

    /// A solve status id (`optimal`, `gap-limit`, ...) in words.
    pub fn status<'a>(&self, id: &'a str) -> &'a str {
        lookup(&self.p.statuses, id)
    }

    /// A kind of change in words, of either programme (`staff-replaced`,
    /// `course-moved`).
    pub fn any_change<'a>(&self, id: &'a str) -> &'a str {
        if self.changes.iter().any(|(k, _)| *k == id) {
            self.change(id)
        } else {
            self.tr.change(id)
        }
    }

    /// The `kind` column of changes.csv in words: an event kind, or `team`.
    pub fn change_kind<'a>(&self, id: &'a str) -> &'a str {
        if id == "team" {
            self.team
        } else {
            self.kind(id)
        }
    }
}

impl Lang {
    /// Its labels.
    pub fn labels(self) -> &'static Labels {
        labels(self)
    }

    /// A date with its weekday: `2023年7月12日(水)` or `Wed 12 Jul 2023`.
    pub fn date(self, d: NaiveDate) -> String {
        match self {
            Lang::Ja => format!(
                "{}年{}月{}日({})",
                d.year(),
                d.month(),
                d.day(),
                JA.weekday(d)
            ),
            Lang::En => d.format("%a %-d %b %Y").to_string(),
        }
    }

    /// A short date with weekday for grids: `7/12(水)` or `Wed 12 Jul`.
    pub fn short_date(self, d: NaiveDate) -> String {
        match self {
            Lang::Ja => format!("{}/{}({})", d.month(), d.day(), JA.weekday(d)),
            Lang::En => d.format("%a %-d %b").to_string(),
        }
    }

    /// A month header: `令和5年7月` or `July 2023`.
    pub fn month(self, year: i32, month: u32) -> String {
        match self {
            Lang::Ja => {
                let first = NaiveDate::from_ymd_opt(year, month, 1);
                let era = first.map_or_else(|| format!("{year}年"), era_year);
                format!("{era}{month}月")
            }
            Lang::En => NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
                || format!("{year}-{month:02}"),
                |d| d.format("%B %Y").to_string(),
            ),
        }
    }

    /// A sheet name for a month (short, no characters Excel forbids).
    pub fn sheet_month(self, year: i32, month: u32) -> String {
        match self {
            Lang::Ja => format!("{year}年{month}月"),
            Lang::En => NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
                || format!("{year}-{month:02}"),
                |d| d.format("%b %Y").to_string(),
            ),
        }
    }

    /// Its id as on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

/// The Japanese era year of a date: 令和 from 2019-05-01, 平成 from 1989-01-08, the
/// first year written 元年.
pub fn era_year(d: NaiveDate) -> String {
    let reiwa = NaiveDate::from_ymd_opt(2019, 5, 1);
    let heisei = NaiveDate::from_ymd_opt(1989, 1, 8);
    let (era, n) = if reiwa.is_some_and(|r| d >= r) {
        ("令和", d.year() - 2018)
    } else if heisei.is_some_and(|h| d >= h) {
        ("平成", d.year() - 1988)
    } else {
        ("昭和", d.year() - 1925)
    };
    if n == 1 {
        format!("{era}元年")
    } else {
        format!("{era}{n}年")
    }
}

/// Words of hand edits (`diff`, `swap`): the reason a letter gives for a change made by
/// hand (`edit`, `swap`, `replace`), the heading of the summary (`heading`) and what a
/// preview says (`preview`). Never a scenario's name: nothing private reaches a letter.
pub fn hand_edit_reason(lang: Lang, key: &str) -> &'static str {
    match (lang, key) {
        (Lang::Ja, "edit") => "担当表の手直しにより",
        (Lang::Ja, "swap") => "担当日の交換により",
        (Lang::Ja, "replace") => "担当者の交代により",
        (Lang::Ja, "heading") => "手作業の変更",
        (Lang::Ja, "preview") => {
            "確認のみで、何も書き込んでいません（新しい計画フォルダーは roster diff MODEL BASE EDITED --out NEW で書き出します）"
        }
        (Lang::En, "edit") => "Following changes made to the roster by hand",
        (Lang::En, "swap") => "Following an exchange of days",
        (Lang::En, "replace") => "Following a change of person",
        (Lang::En, "heading") => "hand edits",
        (Lang::En, "preview") => {
            "nothing written (roster diff MODEL BASE EDITED --out NEW writes the new plan folder)"
        }
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn japanese_dates_carry_the_weekday() {
        assert_eq!(Lang::Ja.date(day(2023, 7, 12)), "2023年7月12日(水)");
        assert_eq!(Lang::En.date(day(2023, 7, 12)), "Wed 12 Jul 2023");
    }

    #[test]
    fn month_headers_use_the_era_that_was_in_force() {
        assert_eq!(Lang::Ja.month(2023, 7), "令和5年7月");
        assert_eq!(Lang::Ja.month(2019, 5), "令和元年5月");
        assert_eq!(Lang::Ja.month(2019, 4), "平成31年4月");
        assert_eq!(Lang::Ja.month(1989, 2), "平成元年2月");
        assert_eq!(Lang::Ja.month(2024, 3), "令和6年3月");
        assert_eq!(Lang::En.month(2023, 7), "July 2023");
    }

    #[test]
    fn every_kind_and_role_has_a_label_in_both_languages() {
        for lang in [Lang::Ja, Lang::En] {
            let l = lang.labels();
            for k in [
                "consultation",
                "seminar",
                "outreach",
                "one-point",
                "job-fair",
                "roundtable",
                "office",
            ] {
                assert!(l.kinds.iter().any(|(id, _)| *id == k), "{k}");
            }
        }
        assert_eq!(
            Lang::Ja.labels().role("consultant"),
            "キャリアコンサルタント"
        );
    }

    #[test]
    fn topics_modes_and_team_rows_have_japanese_labels() {
        let l = Lang::Ja.labels();
        assert_eq!(l.theme("entrepreneurship"), "起業");
        assert_eq!(l.theme("home-based-work"), "在宅ワーク");
        assert_eq!(l.theme("履歴書の書き方"), "履歴書の書き方");
        assert_eq!(l.mode("online"), "オンライン");
        assert_eq!(l.mode("offline"), "対面");
        assert_eq!(l.change_kind("team"), "チーム");
        assert_eq!(l.change_kind("seminar"), "就職支援セミナー");
    }

    /// Issue 16: a violation's cause reads in the reader's language; English stays as
    /// the plan files have always carried it.
    #[test]
    fn violation_causes_render_in_each_language() {
        let cause = Cause::NeedUnfilled {
            municipality: "kasukabe".into(),
            date: "2023-10-04".into(),
            count: 1,
            role: "consultant".into(),
            why: Some(Unfilled::Kept {
                pool: Pool::TeamMembers,
                away: vec![
                    ("c06".into(), Away::OnLeave),
                    ("c10".into(), Away::NotOnWeekday("wed".into())),
                ],
            }),
        };
        assert_eq!(
            violation_message(Lang::Ja, &cause, 1.0),
            "kasukabe 2023-10-04: キャリアコンサルタント1人のうち1人が不足。担当チームの相談員: c06 休暇中、c10 水曜日は勤務日ではありません"
        );
        assert_eq!(
            violation_message(Lang::En, &cause, 1.0),
            "kasukabe 2023-10-04: 1 of 1 consultant missing; team members: c06 on leave; c10 does not work on wed"
        );
        let short = Cause::NoFreeDate {
            counted: Counted::Seminars {
                municipality: "kazo".into(),
                seminar_type: "senior".into(),
            },
            count: 3,
        };
        assert!(violation_message(Lang::Ja, &short, 1.0)
            .starts_with("kazoのシニア向けセミナー3回のうち2回を設定、1回不足"));
        assert_eq!(
            plan_title(Lang::Ja, "モデル", day(2023, 7, 1)),
            "モデル（2023年7月1日時点）"
        );
    }
}

// --- Consequences per person (issue 16, part 4): affected.csv, the 影響 sheet, the
// terminal block and the what-if comparison's headings. Kept in one block of its own.

/// Words of the consequences per person and of the what-if comparison.
#[derive(Debug)]
pub struct AffectedWords {
    /// The workbook sheet's name.
    pub sheet: &'static str,
    /// The sheet's column headings, in `affected.csv`'s column order (see
    /// `report::affected::AFFECTED_COLUMNS`).
    pub columns: [&'static str; 19],
    /// Contract flags: within, under, over, no contract.
    pub flags: [&'static str; 4],
    /// Said where yen would be shown and the model gives no rate.
    pub yen_unset: &'static str,
    /// Heading of the terminal block.
    pub heading: &'static str,
    /// "none" (nobody affected).
    pub nobody: &'static str,
    /// "{n} people" template.
    pub people: &'static str,
    /// "days".
    pub days: &'static str,
    /// "joins the team of".
    pub joins: &'static str,
    /// "leaves the team of".
    pub leaves: &'static str,
    /// "travel".
    pub travel: &'static str,
    /// "yen" unit after a number.
    pub yen: &'static str,
    /// "{n} more in affected.csv" template.
    pub more: &'static str,
    /// What-if table: the column headings (see `report::replan::comparison`).
    pub whatif: [&'static str; 21],
    /// What-if table: the group headings over the columns.
    pub whatif_groups: [&'static str; 4],
    /// What-if: "yes" and "NO" of the feasible column.
    pub yes_no: [&'static str; 2],
    /// What-if: per scenario, "changes", "none", "people affected", "more violations".
    pub whatif_detail: [&'static str; 4],
}

const AFFECTED_JA: AffectedWords = AffectedWords {
    sheet: "影響",
    columns: [
        "職員ID",
        "氏名",
        "勤務日数(前)",
        "勤務日数(後)",
        "増えた日",
        "減った日",
        "月別の増減",
        "参加したチーム",
        "抜けたチーム",
        "参加したチーム(名称)",
        "抜けたチーム(名称)",
        "移動km(前)",
        "移動km(後)",
        "移動kmの増減",
        "交通費の増減(円)",
        "契約日数(期間)",
        "契約比(前)",
        "契約比(後)",
        "契約比",
    ],
    flags: [
        "契約どおり(±20%以内)",
        "契約より20%超少ない",
        "契約より20%超多い",
        "契約日数なし",
    ],
    yen_unset: "交通費は単価未設定（モデルファイルの交通費単価で設定できます）",
    heading: "影響を受ける人",
    nobody: "なし",
    people: "{n}人",
    days: "勤務日",
    joins: "チームに参加",
    leaves: "チームから外れる",
    travel: "移動",
    yen: "円",
    more: "ほか{n}人は affected.csv に",
    whatif: [
        "シナリオ",
        "可否",
        "違反",
        "変更枠",
        "開催",
        "移動",
        "中止",
        "移動",
        "中止",
        "告知済",
        "連絡",
        "人日",
        "km",
        "目的(点)",
        "公平(点)",
        "中止(点)",
        "影響人数",
        "増日",
        "減日",
        "km増減",
        "円増減",
    ],
    whatif_groups: ["相談日", "セミナー等", "PR-1・連絡", "影響を受ける人"],
    yes_no: ["可", "不可"],
    whatif_detail: [
        "変更",
        "なし",
        "影響を受ける人",
        "ほか{n}件は violations.csv に",
    ],
};

const AFFECTED_EN: AffectedWords = AffectedWords {
    sheet: "Affected",
    columns: [
        "Staff ID",
        "Name",
        "Days before",
        "Days after",
        "Days gained",
        "Days lost",
        "By month",
        "Teams joined",
        "Teams left",
        "Teams joined (names)",
        "Teams left (names)",
        "Km before",
        "Km after",
        "Km change",
        "Travel change (yen)",
        "Contracted days",
        "Contract before",
        "Contract after",
        "Against contract",
    ],
    flags: [
        "within contract (±20 %)",
        "more than 20 % under contract",
        "more than 20 % over contract",
        "no contracted days",
    ],
    yen_unset: "yen not configured (set [costs] travel_yen_per_km in the model)",
    heading: "people affected",
    nobody: "none",
    people: "{n} people",
    days: "days",
    joins: "joins team",
    leaves: "leaves team",
    travel: "travel",
    yen: " yen",
    more: "{n} more in affected.csv",
    whatif: [
        "scenario",
        "ok",
        "viol",
        "changed",
        "held",
        "moved",
        "cancel",
        "ev-mv",
        "ev-cxl",
        "ann",
        "tell",
        "staff-days",
        "km",
        "objective-pts",
        "fairness-pts",
        "cancel-pts",
        "people",
        "+days",
        "-days",
        "km-change",
        "yen-change",
    ],
    whatif_groups: [
        "consultation days",
        "seminars+",
        "PR-1 people staff",
        "people affected",
    ],
    yes_no: ["yes", "NO"],
    whatif_detail: [
        "changes",
        "none",
        "people affected",
        "... {n} more in violations.csv",
    ],
};

/// The words of the consequences per person in `lang`.
pub fn affected_words(lang: Lang) -> &'static AffectedWords {
    match lang {
        Lang::Ja => &AFFECTED_JA,
        Lang::En => &AFFECTED_EN,
    }
}

// --- Contracts honoured (issue 16): the summaries' contract lines -------------------

/// Words of the contract lines of every summary (`report::contracts`).
#[derive(Debug)]
pub struct ContractWords {
    /// Heading.
    pub heading: &'static str,
    /// One role: `{role}`, `{people}`, `{min}`..`{max}` days, `{lo}`..`{hi}` days per
    /// contracted day, `{share}` % of the role's contracted days has work.
    pub role: &'static str,
    /// People more than 20 % under their contracted days.
    pub under: &'static str,
    /// People more than 20 % over.
    pub over: &'static str,
    /// One person: `{id}`, `{days}` of `{contracted}` contracted days, `{pct}` %.
    pub person: &'static str,
    /// Nobody more than 20 % under or over.
    pub none: &'static str,
}

const JA_CONTRACT: ContractWords = ContractWords {
    heading: "契約日数に対する勤務（契約より20%を超えて少ない人・多い人）",
    role: "{role} {people}人: {min}〜{max}日、契約1日あたり{lo}〜{hi}日（差{spread}）、仕事は契約日数の{share}%分",
    under: "契約より少ない",
    over: "契約より多い",
    person: "{id} {days}/{contracted}日({pct}%)",
    none: "なし（全員が契約日数の±20%以内）",
};

const EN_CONTRACT: ContractWords = ContractWords {
    heading: "Days against contract (people more than 20 % under or over)",
    role: "{role}, {people} people: {min}-{max} days, {lo}-{hi} days per contracted day (spread {spread}); work for {share} % of contracted days",
    under: "under contract",
    over: "over contract",
    person: "{id} {days}/{contracted} days ({pct} %)",
    none: "none (everyone within ±20 % of contract)",
};

/// The contract lines' words in `lang`.
pub fn contract_words(lang: Lang) -> &'static ContractWords {
    match lang {
        Lang::Ja => &JA_CONTRACT,
        Lang::En => &EN_CONTRACT,
    }
}

/// Words of a training provider's documents (issue 18, parts 3-4): the weekly
/// timetable (時間割), the recruitment schedule (募集・選考日程表), the extra columns of
/// the courses and sessions sheets, letters and calendars. `key` names the word; an
/// unknown key gives "".
pub fn training_doc(lang: Lang, key: &str) -> &'static str {
    match (lang, key) {
        (Lang::Ja, "no-room") => "教室未定（手配中）",
        (Lang::Ja, "timetable") => "時間割",
        (Lang::Ja, "week") => "週",
        (Lang::Ja, "weekday") => "曜日",
        (Lang::Ja, "period") => "時限",
        (Lang::Ja, "period-n") => "{n}限",
        (Lang::Ja, "time") => "時間",
        (Lang::Ja, "subject") => "科目",
        (Lang::Ja, "room") => "教室",
        (Lang::Ja, "instructor") => "講師",
        (Lang::Ja, "assistant") => "補助講師",
        (Lang::Ja, "recruitment") => "募集・選考日程",
        (Lang::Ja, "recruitment-title") => "募集・選考日程表",
        (Lang::Ja, "course") => "コース",
        (Lang::Ja, "course-name") => "訓練科名",
        (Lang::Ja, "application-start") => "募集開始",
        (Lang::Ja, "application-deadline") => "応募締切",
        (Lang::Ja, "application-period") => "募集期間",
        (Lang::Ja, "interview-date") => "選考日",
        (Lang::Ja, "interview-time") => "選考時間",
        (Lang::Ja, "start") => "開講日",
        (Lang::Ja, "end") => "修了日",
        (Lang::Ja, "survey") => "修了時調査",
        (Lang::Ja, "follow-up-1m") => "1か月後調査",
        (Lang::Ja, "follow-up-3m") => "3か月後調査",
        (Lang::Ja, "changed") => "変更",
        (Lang::Ja, "changed-mark") => "変更あり",
        (Lang::Ja, "was") => "変更前",
        (Lang::Ja, "print-note") => "印刷して教室に掲示できます（用紙は横向き）。",
        (Lang::Ja, "none") => "なし",
        (Lang::Ja, "interview") => "選考面接",
        (Lang::Ja, "course-day") => "訓練日",
        (Lang::Ja, "all-day") => "終日",
        (Lang::En, "no-room") => "classroom not yet assigned",
        (Lang::En, "timetable") => "timetable",
        (Lang::En, "week") => "week",
        (Lang::En, "weekday") => "day",
        (Lang::En, "period") => "period",
        (Lang::En, "period-n") => "period {n}",
        (Lang::En, "time") => "time",
        (Lang::En, "subject") => "subject",
        (Lang::En, "room") => "room",
        (Lang::En, "instructor") => "instructor",
        (Lang::En, "assistant") => "assistant",
        (Lang::En, "recruitment") => "recruitment",
        (Lang::En, "recruitment-title") => "Recruitment and selection schedule",
        (Lang::En, "course") => "course",
        (Lang::En, "course-name") => "course name",
        (Lang::En, "application-start") => "applications open",
        (Lang::En, "application-deadline") => "application deadline",
        (Lang::En, "application-period") => "application period",
        (Lang::En, "interview-date") => "interview",
        (Lang::En, "interview-time") => "interview time",
        (Lang::En, "start") => "start",
        (Lang::En, "end") => "end",
        (Lang::En, "survey") => "completion survey",
        (Lang::En, "follow-up-1m") => "follow-up 1 month",
        (Lang::En, "follow-up-3m") => "follow-up 3 months",
        (Lang::En, "changed") => "changed",
        (Lang::En, "changed-mark") => "changed",
        (Lang::En, "was") => "before",
        (Lang::En, "print-note") => "Print on A4 landscape to post in the classroom.",
        (Lang::En, "none") => "none",
        (Lang::En, "interview") => "selection interview",
        (Lang::En, "course-day") => "training day",
        (Lang::En, "all-day") => "all day",
        _ => "",
    }
}

/// Words of the letter to the prefecture and Hello Work when a re-plan changes the
/// recruitment schedule (`recruitment-notice.txt`, issue 18). `key` names the word.
pub fn recruitment_notice(lang: Lang, key: &str) -> &'static str {
    match (lang, key) {
        (Lang::Ja, "title") => "募集・選考日程の変更のお知らせ",
        (Lang::Ja, "to") => "委託元（県）ご担当者様\n公共職業安定所（ハローワーク）ご担当者様",
        (Lang::Ja, "date") => "{date}",
        (Lang::Ja, "intro") => "いつもお世話になっております。{reason}、下記の訓練コースの募集・選考日程を変更いたしました。受講希望者への周知につきまして、ご協力をお願いいたします。",
        (Lang::Ja, "intro-plain") => "いつもお世話になっております。下記の訓練コースの募集・選考日程を変更いたしました。受講希望者への周知につきまして、ご協力をお願いいたします。",
        (Lang::Ja, "cancelled") => "開講を中止いたします。",
        (Lang::Ja, "added") => "新たに募集いたします。",
        (Lang::Ja, "changed") => "次のとおり変更いたします。",
        (Lang::Ja, "arrow") => "{before} → {now}",
        (Lang::Ja, "closing") => "変更後の日程は、添付の募集・選考日程表（recruitment.csv）のとおりです。ご不明な点がございましたら、お問い合わせください。",
        (Lang::En, "title") => "Change to the recruitment and selection schedule",
        (Lang::En, "to") => "To the prefecture (the contracting authority)\nTo the public employment security office (Hello Work)",
        (Lang::En, "date") => "{date}",
        (Lang::En, "intro") => "{reason}: we have changed the recruitment and selection schedule of the courses below. Please let prospective trainees know.",
        (Lang::En, "intro-plain") => "We have changed the recruitment and selection schedule of the courses below. Please let prospective trainees know.",
        (Lang::En, "cancelled") => "will not open.",
        (Lang::En, "added") => "is newly open for applications.",
        (Lang::En, "changed") => "changes as follows.",
        (Lang::En, "arrow") => "{before} -> {now}",
        (Lang::En, "closing") => "The schedule after the change is in the attached recruitment schedule (recruitment.csv). Please contact us with any question.",
        _ => "",
    }
}

// --- The manager's desk (issue 19): `roster serve`'s pages and sentences -------------

/// Words of the desk's pages and answers (`src/serve/`).
#[derive(Debug)]
pub struct DeskWords {
    /// The desk's name (page titles).
    pub desk: &'static str,
    /// Heading of the versions list.
    pub versions: &'static str,
    /// Columns of the versions list: version, made from, made, decision, as of,
    /// status, violations, published.
    pub version_columns: [&'static str; 8],
    /// A version that is the latest published.
    pub current: &'static str,
    /// A version nothing has been made from yet.
    pub head: &'static str,
    /// No versions in the folder yet.
    pub no_versions: &'static str,
    /// The month view by person.
    pub month_by_person: &'static str,
    /// People.
    pub people: &'static str,
    /// Files of the version.
    pub files: &'static str,
    /// The version's calendar page (roster.html).
    pub calendar: &'static str,
    /// Publish button.
    pub publish: &'static str,
    /// Absence form heading.
    pub absence: &'static str,
    /// Absence form fields: person, from, to, announced on (as_of), reason told to
    /// people, name of the decision.
    pub absence_fields: [&'static str; 6],
    /// Preview button.
    pub preview: &'static str,
    /// Preview page heading.
    pub preview_of: &'static str,
    /// Accept button.
    pub accept: &'static str,
    /// Discard button.
    pub discard: &'static str,
    /// Changes heading.
    pub changes: &'static str,
    /// People affected heading.
    pub affected: &'static str,
    /// Letters heading.
    pub letters: &'static str,
    /// Nothing to list.
    pub none: &'static str,
    /// Working (a re-plan is running).
    pub working: &'static str,
    /// Person page: month, days; total, contracted days, against contract.
    pub person_columns: [&'static str; 2],
    /// Person page: the year's days against contract: `{days}`, `{contracted}`.
    pub year_days: &'static str,
    /// Person page: teams.
    pub teams: &'static str,
    /// Person page: assignments.
    pub assignments: &'static str,
    /// A preview made from a version that is no longer the head: `{base}`, `{child}`.
    pub stale: &'static str,
    /// A preview that is gone (accepted or discarded already): `{id}`.
    pub no_preview: &'static str,
    /// No such version: `{id}`.
    pub no_version: &'static str,
    /// No such file in the version: `{name}`, `{id}`.
    pub no_file: &'static str,
    /// An id or file name that is a path: `{name}`.
    pub bad_name: &'static str,
    /// A request addressed to another host name: `{host}`.
    pub bad_host: &'static str,
    /// A request from another site's page: `{origin}`.
    pub bad_origin: &'static str,
    /// A state-changing request without a JSON or TOML body or the session's token.
    pub simple_post: &'static str,
    /// A re-plan body that is not `application/toml`.
    pub not_toml: &'static str,
    /// A body that is not UTF-8 text.
    pub not_text: &'static str,
    /// This page is for career-centre plans only.
    pub centre_only: &'static str,
    /// Back to the version.
    pub back: &'static str,
}

const DESK_JA: DeskWords = DeskWords {
    desk: "計画デスク",
    versions: "計画の版",
    version_columns: [
        "版",
        "元の版",
        "作成",
        "決定",
        "基準日",
        "解の状態",
        "違反",
        "公開",
    ],
    current: "公開中",
    head: "最新",
    no_versions: "まだ版がありません。`roster solve MODEL --out DIR/v001` で最初の計画を作ってください。",
    month_by_person: "月別・担当者別",
    people: "担当者",
    files: "ファイル",
    calendar: "カレンダー (roster.html)",
    publish: "この版を公開する",
    absence: "不在の登録（再計画のプレビュー）",
    absence_fields: [
        "担当者",
        "不在の初日",
        "不在の最終日",
        "決定日（この日より前は変えない）",
        "お知らせに書く理由",
        "決定の名前",
    ],
    preview: "プレビュー",
    preview_of: "プレビュー",
    accept: "この計画を採用する",
    discard: "破棄する",
    changes: "変更",
    affected: "影響を受ける人",
    letters: "お知らせ",
    none: "なし",
    working: "再計画中です…",
    person_columns: ["月", "勤務日数"],
    year_days: "年間 {days} 日（契約 {contracted} 日）",
    teams: "チーム",
    assignments: "担当",
    stale: "版 {base} から、このプレビューの後に別の版 {child} が作られました（別のタブか別の人が先に決定を採用しました）。このプレビューは採用していません。失われたものはありません。版 {child} を開いて、同じ決定をもう一度プレビューしてください。",
    no_preview: "プレビュー {id} はありません（採用または破棄済み）。",
    no_version: "版 {id} はありません。",
    no_file: "版 {id} にファイル {name} はありません。",
    bad_name: "{name} は版やファイルの名前ではありません（パス、`..`、`.` で始まる名前は使えません）。",
    bad_host: "ホスト名 {host} 宛ての要求は受け付けません（計画デスクは自分のアドレス宛ての要求だけに答えます。DNS リバインディング対策）。表示された URL を開いてください。",
    bad_origin: "{origin} のページからの要求は受け付けません（他のサイトから計画を変えることはできません）。",
    simple_post: "変更の要求には Content-Type: application/json か application/toml、または X-Roster-Token ヘッダーが必要です（他のサイトのフォームからの送信を防ぐため）。",
    not_toml: "再計画の本文はシナリオの TOML で、Content-Type: application/toml で送ってください。",
    not_text: "本文が UTF-8 のテキストではありません。",
    centre_only: "この表示はキャリアセンターの計画だけにあります。ファイルとカレンダーをご覧ください。",
    back: "版に戻る",
};

const DESK_EN: DeskWords = DeskWords {
    desk: "Planning desk",
    versions: "Plan versions",
    version_columns: [
        "version",
        "made from",
        "made",
        "decision",
        "as of",
        "status",
        "violations",
        "published",
    ],
    current: "published",
    head: "latest",
    no_versions: "No versions yet. Make the first plan with `roster solve MODEL --out DIR/v001`.",
    month_by_person: "Month by person",
    people: "People",
    files: "Files",
    calendar: "Calendar (roster.html)",
    publish: "Publish this version",
    absence: "Record an absence (preview a re-plan)",
    absence_fields: [
        "person",
        "first day away",
        "last day away",
        "decided on (nothing before it changes)",
        "reason the letters give",
        "name of the decision",
    ],
    preview: "Preview",
    preview_of: "Preview",
    accept: "Accept this plan",
    discard: "Discard",
    changes: "Changes",
    affected: "People affected",
    letters: "Letters",
    none: "none",
    working: "Re-planning…",
    person_columns: ["month", "days worked"],
    year_days: "{days} days in the year ({contracted} contracted)",
    teams: "Teams",
    assignments: "Assignments",
    stale: "Version {base} has had another version, {child}, made from it since this preview (another tab or person accepted a decision first). This preview was not accepted; nothing is lost. Open version {child} and preview the decision again.",
    no_preview: "There is no preview {id} (accepted or discarded already).",
    no_version: "There is no version {id}.",
    no_file: "Version {id} has no file {name}.",
    bad_name: "{name} is not a version or file name (paths, `..` and names starting with `.` are refused).",
    bad_host: "Requests addressed to host {host} are refused (the desk answers only requests addressed to itself, against DNS rebinding). Open the URL it printed.",
    bad_origin: "Requests from a page of {origin} are refused (another site cannot change the plan).",
    simple_post: "A request that changes something needs Content-Type: application/json or application/toml, or the X-Roster-Token header (so another site's form cannot post to the desk).",
    not_toml: "A re-plan's body is a scenario in TOML, sent with Content-Type: application/toml.",
    not_text: "The body is not UTF-8 text.",
    centre_only: "This view exists for career-centre plans only; see the files and the calendar.",
    back: "Back to the version",
};

/// The desk's words in `lang`.
pub fn desk_words(lang: Lang) -> &'static DeskWords {
    match lang {
        Lang::Ja => &DESK_JA,
        Lang::En => &DESK_EN,
    }
}

// ---- Issue 19, part 2: the desk's decisions (candidates, swaps, scenario forms,
// previews side by side). ----

/// What each rule asks, in a few words (RULES.md), for the sentence the desk shows
/// beside a rule a swap would break.
pub fn rule_title(lang: Lang, rule: crate::model::Rule) -> &'static str {
    use crate::model::Rule as R;
    let (ja, en) = match rule {
        R::Cal1 => (
            "年度は4月1日から3月31日",
            "the fiscal year runs April to March",
        ),
        R::Cal2 => ("祝日", "national holidays"),
        R::Cal3 => ("年末年始（12月29日〜1月3日）は休み", "year-end closure"),
        R::Cal4 => ("県の指定休業日", "days closed by the prefecture"),
        R::Cal5 => ("祝日の振替", "holiday substitution"),
        R::Cal6 => ("営業日", "business days"),
        R::Con1 => ("相談日の曜日と会場", "consultation weekdays and venues"),
        R::Con2 => ("相談の時間帯", "consultation hours"),
        R::Con3 => (
            "相談日に相談員が1人以上",
            "a consultant on each consultation day",
        ),
        R::Con4 => (
            "担当者制（市町の担当チームの相談員が担当）",
            "the municipality's team staffs its days",
        ),
        R::Con5 => (
            "相談員の資格と経験",
            "consultant's registration and experience",
        ),
        R::Con6 => ("同じ人が同時に二か所にいない", "one place at a time"),
        R::Con7 => (
            "欠勤時は資格のある相談員を配置",
            "a qualified replacement when someone is away",
        ),
        R::Con8 => ("利用者のフォローアップ", "user follow-up"),
        R::Sem1 => ("セミナーの回数", "number of seminars"),
        R::Sem2 => ("セミナーの時間", "seminar hours"),
        R::Sem3 => ("会場の定員", "room capacity"),
        R::Sem4 => ("講師の経験", "lecturer's experience"),
        R::Sem5 => ("セミナーの受付担当", "reception at each seminar"),
        R::Sem6 => ("セミナーのテーマ", "seminar themes"),
        R::Sem7 => ("女性向けセミナーの保育", "childcare at women's seminars"),
        R::Sem8 => ("セミナーの年間の分散", "seminars spread over the year"),
        R::Out1 => ("出張セミナー", "outreach seminars"),
        R::One1 => ("ワンポイントセミナー", "one-point seminars"),
        R::Fair1 => ("合同面接会", "job fairs"),
        R::Rt1 => ("しごと座談会", "job roundtables"),
        R::Off1 => ("事務所の配置（所長・副所長・受付）", "office staffing"),
        R::Job1 => ("求人開拓員", "job developers"),
        R::Pr1 => (
            "周知の締切と周知済みの日程",
            "publicity deadlines and announced dates",
        ),
        R::Kpi1 => ("目標値", "targets"),
        R::Rep1 => ("月次報告", "monthly report"),
        R::Trn1 => ("訓練の講師数", "instructors per course"),
        R::Trn2 => ("講師の資格", "instructors' qualifications"),
        R::Trn3 => (
            "訓練責任者と常駐の連絡担当",
            "training manager and resident liaison",
        ),
        R::Trn4 => ("就職支援の担当", "job support"),
        R::Trn5 => ("教室の広さと設備", "classroom"),
        R::Trn6 => ("応募締切から開講まで", "deadline to course start"),
        R::Trn7 => ("選考面接", "selection interviews"),
        R::Trn8 => ("職場実習の割合", "workplace practice share"),
        R::Trn9 => (
            "オンライン訓練の対面割合",
            "in-person share of online training",
        ),
        R::Trn10 => ("就職状況の追跡", "employment follow-up"),
        R::Trn11 => ("デジタル職場実習", "digital workplace internship"),
        R::Trn12 => ("支払に使う率", "payment rates"),
        R::Plan1 => ("計画ファイルが読めること", "readable plan files"),
        R::ModelAvail => ("勤務できる曜日・休暇", "working days and leave"),
        R::ModelLimit => ("勤務日数の上限", "limits on days worked"),
        R::ModelRoom => ("部屋の予約", "room bookings"),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

/// A rule a change would break, as the desk shows it: what the rule asks (in `lang`),
/// its id, and the checker's finding (day, event, person, what).
pub fn rule_sentence(lang: Lang, v: &Violation) -> String {
    let title = rule_title(lang, v.rule);
    let finding = crate::report::status::violation_line(lang, v);
    match lang {
        Lang::Ja => format!("{title}（{}）に反します: {finding}", v.rule.id()),
        Lang::En => format!("breaks {} ({title}): {finding}", v.rule.id()),
    }
}

/// The desk's words for its decisions: ranked candidates, swap previews, scenario
/// forms and previews side by side.
#[derive(Debug, serde::Serialize)]
pub struct DecisionWords {
    /// Heading of the candidates page: `{name}`, `{date}`.
    pub candidates_for: &'static str,
    /// Under it: `{checked}` people checked of `{considered}`.
    pub checked: &'static str,
    /// Columns: person, kind, rules broken, km, yen, teams joined, teams left, days (contract), action.
    pub columns: [&'static str; 9],
    /// `replace`, `exchange`.
    pub kinds: [&'static str; 2],
    /// A candidate breaking no rule.
    pub no_rule: &'static str,
    /// The button that previews a swap.
    pub preview_swap: &'static str,
    /// Said instead of the button for a swap that breaks a rule.
    pub not_offered: &'static str,
    /// Nobody can take the day.
    pub nobody: &'static str,
    /// Heading of the other decisions on the version page.
    pub other_decisions: &'static str,
    /// Fields common to every form: as of, name, public reason.
    pub common_fields: [&'static str; 3],
    /// Heading of the compare page and its link.
    pub compare: &'static str,
    /// The two columns' label: `{id}`.
    pub preview_label: &'static str,
    /// Compare form: the two preview ids.
    pub compare_fields: [&'static str; 2],
    /// An unknown decision form: `{form}`, `{known}`.
    pub bad_form: &'static str,
    /// A field the form does not have: `{form}`, `{field}`, `{known}`.
    pub bad_field: &'static str,
    /// A field that is not a number: `{form}`, `{field}`, `{value}`.
    pub not_number: &'static str,
    /// A bad date in the candidates request: `{value}`.
    pub bad_date: &'static str,
    /// A swap request without a day or people: `{what}`.
    pub bad_swap: &'static str,
}

const DECISIONS_JA: DecisionWords = DecisionWords {
    candidates_for: "{name} の {date} の担当を代われる人",
    checked: "{considered}人のうち、勤務可能・役割・移動範囲で絞った{checked}人をルール検査しました。",
    columns: ["候補", "方法", "破るルール", "移動距離の増減 (km)", "交通費の増減 (円)", "加わるチーム", "外れるチーム", "年間日数（契約日数）", ""],
    kinds: ["交代", "入れ替え"],
    no_rule: "なし",
    preview_swap: "プレビュー",
    not_offered: "ルールに反するため選べません",
    nobody: "代われる人がいません。",
    other_decisions: "その他の決定",
    common_fields: ["決定日（as_of）", "決定の名前", "通知に書く理由"],
    compare: "プレビューの比較",
    preview_label: "プレビュー {id}",
    compare_fields: ["プレビューA", "プレビューB"],
    bad_form: "決定の種類 {form} はありません（使えるもの: {known}）。",
    bad_field: "{form} に項目 {field} はありません（使えるもの: {known}）。",
    not_number: "{form} の {field} が数ではありません: {value}（例: 11）。",
    bad_date: "日付 {value} が読めません。YYYY-MM-DD（例: 2023-06-05）で指定してください。",
    bad_swap: "入れ替えの指定が足りません: {what}。date と replace・with（または exchange の2人）を指定してください。",
};

const DECISIONS_EN: DecisionWords = DecisionWords {
    candidates_for: "Who could take {name}'s assignments on {date}",
    checked: "Of {considered} people, the {checked} available that day, holding the roles and within reach were checked against every rule.",
    columns: ["candidate", "how", "rules broken", "travel change (km)", "travel change (yen)", "teams joined", "teams left", "days in the year (contract)", ""],
    kinds: ["replace", "exchange"],
    no_rule: "none",
    preview_swap: "Preview",
    not_offered: "breaks a rule: not offered",
    nobody: "Nobody can take the day.",
    other_decisions: "Other decisions",
    common_fields: ["Decided on (as_of)", "Name of the decision", "Reason given in the letters"],
    compare: "Previews side by side",
    preview_label: "Preview {id}",
    compare_fields: ["preview A", "preview B"],
    bad_form: "There is no decision form {form} (known: {known}).",
    bad_field: "The form {form} has no field {field} (known: {known}).",
    not_number: "{form}'s {field} is not a number: {value} (e.g. 11).",
    bad_date: "The date {value} cannot be read; give YYYY-MM-DD (e.g. 2023-06-05).",
    bad_swap: "The swap is incomplete: {what}. Give date and replace and with (or the two people of exchange).",
};

/// The desk's decision words in `lang`.
pub fn decision_words(lang: Lang) -> &'static DecisionWords {
    match lang {
        Lang::Ja => &DECISIONS_JA,
        Lang::En => &DECISIONS_EN,
    }
}

/// A decision form's title and each field's label, in `lang` (the forms themselves,
/// their scenario tables and keys, are `serve::decisions::FORMS`).
pub fn decision_form_label(lang: Lang, key: &str) -> &'static str {
    let (ja, en) = match key {
        "venue_change" => ("会場の休館・移転", "Venue closed or moved"),
        "staff_change" => ("曜日・契約の変更", "Weekdays or contract change"),
        "quota_change" => ("セミナーの追加・削減", "Seminars added or cut"),
        "series_change" => ("イベント回数の変更", "Events of a series added or cut"),
        "closure" => ("県の指定休業日の追加", "A day closed by the prefecture"),
        "venue" => ("会場", "venue"),
        "move_to" => (
            "移転先の会場（空欄: 中止）",
            "moved to venue (empty: cancelled)",
        ),
        "from" => ("開始日", "from"),
        "to" => ("終了日（空欄: 年度末）", "to (empty: year end)"),
        "staff" => ("職員", "staff"),
        "weekdays" => ("勤務曜日（例: wed, thu）", "weekdays (e.g. wed, thu)"),
        "contract_days_per_week" => ("週の契約日数", "contracted days per week"),
        "max_days_per_month" => ("月の勤務日数の上限", "days per month at most"),
        "municipality" => ("市町", "municipality"),
        "all-ages" => (
            "一般向けセミナーの年間回数",
            "all-ages seminars in the year",
        ),
        "senior" => (
            "シニア向けセミナーの年間回数",
            "senior seminars in the year",
        ),
        "women" => ("女性向けセミナーの年間回数", "women's seminars in the year"),
        "health" => ("健康セミナーの年間回数", "health seminars in the year"),
        "series" => ("シリーズ", "series"),
        "count" => ("年間回数", "count in the year"),
        "per_month" => ("月の回数", "per month"),
        "date" => ("日付", "date"),
        "note" => ("メモ（出力されません）", "note (not written anywhere)"),
        _ => ("", ""),
    };
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}

// --- The desk's views, publish archive, training pages and progress (issue 19, part 3) --

/// Words of the desk's views (`src/serve/views.rs`, `training.rs`, `publish.rs`): the
/// month by municipality and venue, an event, violations, deadlines, the publish
/// archive, a training provider's courses and a re-plan's progress.
#[derive(Debug, serde::Serialize)]
pub struct DeskViewWords {
    /// The month by municipality.
    pub by_place: &'static str,
    /// The month by venue.
    pub by_venue: &'static str,
    /// The month by person (link text).
    pub by_person: &'static str,
    /// Municipality (row heading).
    pub place: &'static str,
    /// Venue (row heading).
    pub venue: &'static str,
    /// An event (page heading).
    pub event: &'static str,
    /// Facts of an event: date, time, kind, place, venue, room, detail.
    pub event_facts: [&'static str; 7],
    /// Who is on an event.
    pub who: &'static str,
    /// The rules an event touches.
    pub rules: &'static str,
    /// The violations on an event or in a version.
    pub violations: &'static str,
    /// Columns of the violations list: rule, date, event, person, what.
    pub violation_columns: [&'static str; 5],
    /// No violation: every rule holds.
    pub no_violations: &'static str,
    /// The check of a folder finds more than its `violations.csv` lists (the count the
    /// list of versions shows): `{listed}` and `{more}` are the two counts.
    pub unlisted_note: &'static str,
    /// The contract's deadlines.
    pub deadlines: &'static str,
    /// Columns of the deadlines list: due, what, rule, event, state.
    pub deadline_columns: [&'static str; 5],
    /// States of a deadline: passed (before the reference day), to come, before
    /// publicity can start (PR-1: an exception to agree with the prefecture).
    pub deadline_states: [&'static str; 3],
    /// The day the states are counted from: `{day}`.
    pub deadlines_as_of: &'static str,
    /// The plan has no deadlines (not a plan solved with deadlines).
    pub no_deadlines: &'static str,
    /// A person's leave (the model's).
    pub leave: &'static str,
    /// The letters to a person in every version.
    pub letters_of_versions: &'static str,
    /// The publish archive (link and page heading).
    pub archive: &'static str,
    /// What the archive holds: the versions since the last publication `{since}`.
    pub archive_since: &'static str,
    /// The archive when nothing was published before.
    pub archive_all: &'static str,
    /// Download the archive (zip).
    pub archive_download: &'static str,
    /// Columns of the archive's list: version, file, for.
    pub archive_columns: [&'static str; 3],
    /// Courses of a training provider.
    pub courses: &'static str,
    /// A course's sessions by week.
    pub sessions_by_week: &'static str,
    /// The session list.
    pub sessions: &'static str,
    /// Columns of a session list: date, time, course, subject, type, room, who.
    pub session_columns: [&'static str; 7],
    /// Columns of the course list: course, name, field, trainees, from, to.
    pub course_columns: [&'static str; 6],
    /// The week of `{day}` (Monday).
    pub week_of: &'static str,
    /// Calendars to download.
    pub calendars: &'static str,
    /// Progress of a re-plan: stage, best plan so far, gap, seconds.
    pub progress_fields: [&'static str; 4],
    /// Cancel a running re-plan.
    pub cancel: &'static str,
    /// A cancelled re-plan (nothing written).
    pub cancelled: &'static str,
    /// No re-plan with that id is running.
    pub no_job: &'static str,
}

const DESK_VIEW_JA: DeskViewWords = DeskViewWords {
    by_place: "市町村別",
    by_venue: "会場別",
    by_person: "担当者別",
    place: "市町村",
    venue: "会場",
    event: "イベント",
    event_facts: ["日付", "時間", "種類", "市町村", "会場", "部屋", "内容"],
    who: "担当者",
    rules: "関係するルール",
    violations: "ルール違反",
    violation_columns: ["ルール", "日付", "イベント", "担当者", "内容"],
    no_violations: "ルール違反はありません（すべてのルールを満たしています）",
    unlisted_note: "この版の violations.csv の件数（版の一覧の件数）は {listed} 件です。フォルダを今検査すると、ほかに {more} 件（＊印）が見つかります。再計画の基準日より前の、元の版にすでにあったもの、またはその後の手による修正によるものです。",
    deadlines: "契約上の締切",
    deadline_columns: ["期限", "内容", "ルール", "イベント", "状態"],
    deadline_states: ["期限経過", "今後", "広報開始前（県と協議）"],
    deadlines_as_of: "{day} 時点",
    no_deadlines: "この計画には締切がありません。",
    leave: "休暇",
    letters_of_versions: "各版の通知文",
    archive: "公表用一式",
    archive_since: "前回の公表（{since}）以降の版の通知文とカレンダー",
    archive_all: "これまでのすべての版の通知文とカレンダー（公表済みの版はまだありません）",
    archive_download: "一式をダウンロード（zip）",
    archive_columns: ["版", "ファイル", "宛先"],
    courses: "訓練コース",
    sessions_by_week: "週ごとの授業",
    sessions: "授業一覧",
    session_columns: ["日付", "時間", "コース", "科目", "区分", "教室", "担当"],
    course_columns: ["コース", "名称", "分野", "定員", "開始", "終了"],
    week_of: "{day} の週",
    calendars: "カレンダー（ダウンロード）",
    progress_fields: ["段階", "暫定解", "ギャップ", "秒"],
    cancel: "中止",
    cancelled: "再計画を中止しました。何も書き込まれていません。",
    no_job: "実行中の再計画 {id} はありません。",
};

const DESK_VIEW_EN: DeskViewWords = DeskViewWords {
    by_place: "By municipality",
    by_venue: "By venue",
    by_person: "By person",
    place: "Municipality",
    venue: "Venue",
    event: "Event",
    event_facts: [
        "Date",
        "Time",
        "Kind",
        "Municipality",
        "Venue",
        "Room",
        "Detail",
    ],
    who: "Who",
    rules: "Rules it touches",
    violations: "Violations",
    violation_columns: ["Rule", "Date", "Event", "Person", "What"],
    no_violations: "No violations: every rule holds.",
    unlisted_note: "This version's violations.csv lists {listed} (the count in the list of versions); checking its folder now finds {more} more (marked *): findings dated before the re-plan that the version it was re-planned from already had, or hand edits made since.",
    deadlines: "Contract deadlines",
    deadline_columns: ["Due", "What", "Rule", "Event", "State"],
    deadline_states: [
        "passed",
        "to come",
        "before publicity starts (agree with the prefecture)",
    ],
    deadlines_as_of: "as of {day}",
    no_deadlines: "This plan has no deadlines.",
    leave: "Leave",
    letters_of_versions: "Letters in each version",
    archive: "Publication archive",
    archive_since: "Letters and calendars of the versions since the last publication ({since})",
    archive_all: "Letters and calendars of every version (none published yet)",
    archive_download: "Download the archive (zip)",
    archive_columns: ["Version", "File", "For"],
    courses: "Courses",
    sessions_by_week: "Sessions by week",
    sessions: "Sessions",
    session_columns: ["Date", "Time", "Course", "Subject", "Type", "Room", "Who"],
    course_columns: ["Course", "Name", "Field", "Trainees", "From", "To"],
    week_of: "Week of {day}",
    calendars: "Calendars (download)",
    progress_fields: ["Stage", "Best so far", "Gap", "Seconds"],
    cancel: "Cancel",
    cancelled: "The re-plan was cancelled; nothing was written.",
    no_job: "No re-plan {id} is running.",
};

/// The desk views' words in `lang`.
pub fn desk_view_words(lang: Lang) -> &'static DeskViewWords {
    match lang {
        Lang::Ja => &DESK_VIEW_JA,
        Lang::En => &DESK_VIEW_EN,
    }
}

// ---- Issue 19 (H17): the independent checker's findings in the reader's language. ----

/// A checker finding (`check::finding`) in `lang`: its sentence with its arguments.
/// The English text is the checker's own as it always was (violations.csv's readers go
/// by its columns, never by this text).
pub fn finding_text(lang: Lang, f: &Finding) -> String {
    let (en, ja) = finding_words(f.msg);
    let body = match lang {
        Lang::En => fill_args(lang, en, &f.args),
        Lang::Ja => fill_args(lang, ja, &f.args),
    };
    match (f.merged, lang) {
        (false, _) => body,
        (true, Lang::En) => format!("checker: {body}"),
        (true, Lang::Ja) => format!("検査で判明: {body}"),
    }
}

/// `template` with each `{N}` replaced by argument N in `lang`, in one pass (an
/// argument's own text is never read as a placeholder).
fn fill_args(lang: Lang, template: &str, args: &[FindingArg]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let arg = after.find('}').and_then(|close| {
            let n: usize = after[..close].parse().ok()?;
            Some((args.get(n)?, close))
        });
        match arg {
            Some((a, close)) => {
                out.push_str(&arg_text(lang, a));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// One argument of a finding in `lang`.
fn arg_text(lang: Lang, a: &FindingArg) -> String {
    let sep = |en: &'static str| match lang {
        Lang::En => en,
        Lang::Ja => "、",
    };
    match a {
        FindingArg::Text(s) => s.clone(),
        FindingArg::Date(s) => match (lang, crate::plan::parse_day(s)) {
            (Lang::Ja, Some(d)) => format!("{}（{}）", s.trim(), JA.weekday(d)),
            _ => s.clone(),
        },
        FindingArg::Role(id) => match lang {
            Lang::En => id.clone(),
            Lang::Ja => {
                let r = JA.role(id);
                if r == id.as_str() {
                    JA.tr.role(id).to_string()
                } else {
                    r.to_string()
                }
            }
        },
        FindingArg::Kind(id) => match lang {
            Lang::En => id.clone(),
            Lang::Ja => {
                let k = JA.kind(id);
                if k == id.as_str() {
                    JA.tr.session_type(id).to_string()
                } else {
                    k.to_string()
                }
            }
        },
        FindingArg::Named { id, name } => match lang {
            Lang::Ja if !name.trim().is_empty() => name.clone(),
            _ => id.clone(),
        },
        FindingArg::And(list) => list
            .iter()
            .map(|f| finding_text(lang, f))
            .collect::<Vec<_>>()
            .join(sep(" and ")),
        FindingArg::Each(list) => list
            .iter()
            .map(|f| finding_text(lang, f))
            .collect::<Vec<_>>()
            .join(sep(", ")),
        FindingArg::List(items) => items.join(sep(", ")),
        FindingArg::SeminarType(id) => match lang {
            Lang::En => id.clone(),
            Lang::Ja => JA.seminar_type(id).to_string(),
        },
        FindingArg::Month(y, m) => match lang {
            Lang::En => format!("{y}-{m:02}"),
            Lang::Ja => format!("{y}年{m}月"),
        },
        FindingArg::Or(list) => list
            .iter()
            .map(|a| arg_text(lang, a))
            .collect::<Vec<_>>()
            .join(match lang {
                Lang::En => " or ",
                Lang::Ja => "または",
            }),
        FindingArg::Roles(ids) => ids
            .iter()
            .map(|id| arg_text(lang, &FindingArg::Role(id.clone())))
            .collect::<Vec<_>>()
            .join(sep(", ")),
        FindingArg::Weekdays(ids) => match lang {
            Lang::En => ids.join(","),
            Lang::Ja => ids
                .iter()
                .map(|id| {
                    ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
                        .iter()
                        .position(|w| w == id)
                        .and_then(|i| JA.weekdays.get(i))
                        .map_or_else(|| id.clone(), |w| format!("{w}曜"))
                })
                .collect::<Vec<_>>()
                .join("・"),
        },
    }
}

/// The sentence of each checker finding: (English, Japanese), `{0}`, `{1}`... its
/// arguments. The rule ID is the violation's own column, shown beside the sentence.
pub fn finding_words(m: Msg) -> (&'static str, &'static str) {
    match m {
        Msg::DupEvent => (
            "event id `{0}` appears more than once in events.csv; only the first row is checked",
            "イベントID `{0}` が events.csv に2回以上あります（最初の行だけを検査しました）",
        ),
        Msg::DupAssignment => (
            "assignment of {0} as {1} at {2} appears more than once in assignments.csv",
            "{0} の {2} での{1}の担当が assignments.csv に2回以上あります",
        ),
        Msg::UnknownEvent => (
            "assignment of {0} to unknown event `{1}` (not in events.csv)",
            "{0} の担当先のイベント `{1}` が events.csv にありません",
        ),
        Msg::UnknownStaff => (
            "assignment at {0} names unknown staff id `{1}` (not in the model)",
            "{0} の担当に、モデルにない職員ID `{1}` があります",
        ),
        Msg::AsgDateNotIso => (
            "assignment date `{0}` is not an ISO date (YYYY-MM-DD)",
            "担当の日付 `{0}` が日付（YYYY-MM-DD）ではありません",
        ),
        Msg::AsgDateDiffers => (
            "assignment of {0} is dated {1} but its event {2} is on {3}",
            "{0} の担当の日付は {1} ですが、イベント {2} は {3} です",
        ),
        Msg::UnknownRole => (
            "unknown role `{0}` (expected one of consultant, lecturer, reception, manager, sub-manager, staff, childcare)",
            "役割 `{0}` はありません（consultant, lecturer, reception, manager, sub-manager, staff, childcare のいずれか）",
        ),
        Msg::TeamUnknownMunicipality => (
            "teams.csv names unknown municipality `{0}`",
            "teams.csv にモデルにない市町村 `{0}` があります",
        ),
        Msg::TeamUnknownStaff => (
            "teams.csv names unknown staff id `{0}` (team of {1})",
            "teams.csv にモデルにない職員ID `{0}` があります（{1} のチーム）",
        ),
        Msg::NoEventId => (
            "event row without an event id",
            "イベントIDのない行が events.csv にあります",
        ),
        Msg::EventDateNotIso => (
            "event date `{0}` is not an ISO date (YYYY-MM-DD)",
            "イベントの日付 `{0}` が日付（YYYY-MM-DD）ではありません",
        ),
        Msg::StartNotTime => (
            "start time `{0}` is not HH:MM",
            "開始時刻 `{0}` が時刻（HH:MM）ではありません",
        ),
        Msg::EndNotTime => (
            "end time `{0}` is not HH:MM",
            "終了時刻 `{0}` が時刻（HH:MM）ではありません",
        ),
        Msg::EndsBeforeStart => (
            "ends at {0} but starts at {1}",
            "終了時刻 {0} が開始時刻 {1} より後ではありません",
        ),
        Msg::UnknownKind => (
            "unknown kind `{0}` (expected consultation, seminar, outreach, one-point, job-fair, roundtable or office)",
            "種類 `{0}` はありません（consultation, seminar, outreach, one-point, job-fair, roundtable, office のいずれか）",
        ),
        Msg::UnknownPlace => (
            "unknown municipality or town `{0}`",
            "市町村 `{0}` はモデルにありません",
        ),
        Msg::UnknownSeminarType => (
            "unknown seminar_type `{0}` (expected all-ages, senior, women or health)",
            "seminar_type `{0}` はありません（all-ages, senior, women, health のいずれか）",
        ),
        Msg::UnknownMode => (
            "unknown mode `{0}` (expected offline or online)",
            "実施形態 `{0}` はありません（offline か online）",
        ),
        Msg::OriginalNotIso => (
            "original_date `{0}` is not an ISO date (YYYY-MM-DD)",
            "original_date `{0}` が日付（YYYY-MM-DD）ではありません",
        ),
        Msg::OriginalOnOther => (
            "original_date {0} given on a {1} event; only substitute consultation days have one",
            "{1}のイベントに original_date {0} があります（original_date は就職相談の振替日にだけ付きます）",
        ),
        Msg::UnknownVenue => (
            "unknown venue `{0}`",
            "会場 `{0}` はモデルにありません",
        ),
        Msg::NoRoom => (
            "no room given at venue `{0}`",
            "会場「{0}」の部屋が指定されていません",
        ),
        Msg::UnknownRoom => (
            "venue `{0}` has no room `{1}`",
            "会場「{0}」に部屋 `{1}` はありません",
        ),
        Msg::RoomCapacityDiffers => (
            "room_capacity {0} of {1}/{2} differs from the model's {3} (the model's figure is used)",
            "{1}/{2} の room_capacity {0} がモデルの定員 {3} と違います（モデルの値を使います）",
        ),
        Msg::VenueElsewhere => (
            "municipality `{0}` is not where venue `{1}` is (the model places it in `{2}`)",
            "会場「{1}」は `{0}` にありません（モデルでは `{2}` にあります）",
        ),
        Msg::GapRole => (
            "does not hold the {0} role",
            "{0}の役割を持っていません",
        ),
        Msg::GapRegister => (
            "is not on the MHLW career-consultant register",
            "キャリアコンサルタント名簿（厚生労働省）に登録されていません",
        ),
        Msg::GapExperience => (
            "has {0} years of practice, at least {1} required",
            "実務経験が{0}年です（{1}年以上必要）",
        ),
        Msg::GapLecturerRole => (
            "does not hold the lecturer role",
            "講師の役割を持っていません",
        ),
        Msg::GapSeminarsGiven => (
            "has given {0} seminars, at least {1} required",
            "セミナーの実施が{0}回です（{1}回以上必要）",
        ),
        Msg::NotOnTeam => (
            "{0} consults at {1} {2} but is not on {1}'s team (teams.csv)",
            "{0}が{1} {2}の相談を担当していますが、{1}のチームにいません（teams.csv）",
        ),
        Msg::FewConsultants => (
            "{0} {1} at {2}: {3} consultant(s) assigned, at least {4} required",
            "{0} {1}{2}: 相談員が{3}人です（{4}人以上必要）",
        ),
        Msg::AssignedButGaps => (
            "{0} is assigned as {1} at {2} but {3}",
            "{0}が{2}の{1}に割り当てられていますが、{3}",
        ),
        Msg::TeamMemberGaps => (
            "{0} is on {1}'s team but {2}",
            "{0}は{1}のチームにいますが、{2}",
        ),
        Msg::TeamTooSmall => (
            "{0}: team has {1} qualified consultant(s) ({2} listed in teams.csv), at least {3} required",
            "{0}: チームの有資格の相談員が{1}人です（teams.csv には{2}人。{3}人以上必要）",
        ),
        Msg::RoleNotStaffed => (
            "{0} is assigned as {1} at {2} ({3}), which staffs only {4}",
            "{0}が{2}（{3}）の{1}に割り当てられていますが、このイベントの担当は{4}だけです",
        ),
        Msg::LecturesButGaps => (
            "{0} lectures at {1} but {2}",
            "{0}が{1}で講師を務めますが、{2}",
        ),
        Msg::GapNeitherLecturerNorConsultant => (
            "is neither a qualified lecturer (SEM-4: {0}) nor a qualified consultant (CON-5: {1})",
            "講師の資格（SEM-4: {0}）も相談員の資格（CON-5: {1}）もありません",
        ),
        Msg::GapReception => (
            "does not hold the reception role",
            "受付の役割を持っていません",
        ),
        Msg::GapManager => (
            "does not hold the manager role",
            "運営管理責任者の役割を持っていません",
        ),
        Msg::GapJobDeveloper => (
            "is not a job developer",
            "求人開拓員ではありません",
        ),
        Msg::GapChildcare => (
            "does not hold the childcare role (SEM-7)",
            "保育士の役割を持っていません（SEM-7）",
        ),
        Msg::AssignedTwice => (
            "{0} is assigned twice at {1} on {2} (as {3} and as {4})",
            "{0}が{2}の{1}に2回割り当てられています（{3}と{4}）",
        ),
        Msg::TwoPlaces => (
            "{0} is in two places on {1}: {2} at {3} {4} and {5} at {6} {7}",
            "{0}が{1}に2か所で同時に割り当てられています: {3} {4}（{2}）と{6} {7}（{5}）",
        ),
        Msg::OffWeekday => (
            "{0} is assigned at {1} on {2}, a {3}, but works only on {4}",
            "{0}が{2}の{1}に割り当てられていますが、勤務日は{4}だけです",
        ),
        Msg::OnLeave => (
            "{0} is assigned at {1} on {2} but is on leave {3} .. {4}",
            "{0}が{2}の{1}に割り当てられていますが、{3}〜{4}は休暇です",
        ),
        Msg::TooManyInWeek => (
            "{0} works {1} days in ISO week {2}, at most {3} allowed",
            "{0}が{4}の週に{1}日勤務しています（週{3}日まで）",
        ),
        Msg::TooManyInMonth => (
            "{0} works {1} days in {2}, at most {3} allowed",
            "{0}が{4}年{5}月に{1}日勤務しています（月{3}日まで）",
        ),
        Msg::TooManyInYear => (
            "{0} works {1} days in the year, at most {2} allowed",
            "{0}が年間{1}日勤務しています（年{2}日まで）",
        ),
        Msg::OutsideYear => (
            "{0} on {1} lies outside the fiscal year {2} .. {3}",
            "{1}の{0}が年度（{2}〜{3}）の外にあります",
        ),
        Msg::OnHoliday => (
            "{0} at {1} on {2}, a national holiday ({3})",
            "{2}{1}の{0}が祝日（{3}）に当たっています",
        ),
        Msg::InYearEnd => (
            "{0} at {1} on {2}, in the year-end closure",
            "{2}{1}の{0}が年末年始の休業期間に当たっています",
        ),
        Msg::OnClosureDay => (
            "{0} at {1} on {2}, a designated closure day ({3})",
            "{2}{1}の{0}が指定休業日（{3}）に当たっています",
        ),
        Msg::ConsultationHours => (
            "consultation hours are {0} but the duty window is {1}",
            "相談の時間が{0}ですが、勤務時間は{1}です",
        ),
        Msg::ConsultationInTown => (
            "consultation day in `{0}`, which is not one of the municipalities",
            "就職相談日が対象市町村でない{0}にあります",
        ),
        Msg::NoSubstitute => (
            "{0} {1}: the consultation day falls on a national holiday ({2}) and no substitute day is planned",
            "{0} {1}: 相談日が祝日（{2}）に当たりますが、振替日がありません",
        ),
        Msg::ManySubstitutes => (
            "{0} {1}: {2} substitute days planned ({3}); one is held",
            "{0} {1}: 振替日が{2}日あります（{3}）。振替日は1日です",
        ),
        Msg::SubstituteNotFixedDay => (
            "{0}: the substitute for {1} is on {2} but the model fixes it on {3}",
            "{0}: {1}の振替日が{2}ですが、モデルでは{3}と決まっています",
        ),
        Msg::PatternDayMissing => (
            "{0} {1} ({2}): a consultation day at {3} by the weekday pattern, but no consultation event is planned",
            "{0} {4}: 曜日のきまりでは{3}での相談日ですが、相談日が計画されていません",
        ),
        Msg::PatternVenue => (
            "{0} {1}: consultation held at {2} but the pattern's venue is {3}",
            "{0} {1}: 相談を{2}で行いますが、曜日のきまりの会場は{3}です",
        ),
        Msg::TwoConsultationsADay => (
            "{0} {1}: {2} consultation events on one day ({3})",
            "{0} {1}: 同じ日に相談日が{2}件あります（{3}）",
        ),
        Msg::NotAPatternDay => (
            "{0} {1} ({2}) is not a consultation day of its weekday pattern and the event has no original_date",
            "{0} {3}は曜日のきまりの相談日でなく、振替元の日付（original_date）もありません",
        ),
        Msg::SubstituteForNonPatternDay => (
            "{0}: substitute for {1}, which is not a consultation day of its weekday pattern",
            "{0}: {1}の振替日がありますが、{1}は曜日のきまりの相談日ではありません",
        ),
        Msg::SubstituteForYearEnd => (
            "{0}: substitute for {1}, in the year-end closure; closed days are not substituted",
            "{0}: 年末年始の休業期間の{1}に振替日があります（休業日は振り替えません）",
        ),
        Msg::SubstituteForClosureDay => (
            "{0}: substitute for {1}, a designated closure day; closed days are not substituted",
            "{0}: 指定休業日の{1}に振替日があります（休業日は振り替えません）",
        ),
        Msg::SubstituteForWorkday => (
            "{0}: substitute for {1}, which is not a holiday; that day is held as usual",
            "{0}: 祝日でない{1}に振替日があります（その日は通常どおり開きます）",
        ),
        Msg::SubstituteOnSunday => (
            "{0}: substitute for {1} falls on a Sunday ({2})",
            "{0}: {1}の振替日が日曜日（{2}）です",
        ),
        Msg::SubstituteTooFar => (
            "{0}: substitute {1} lies {2} days from its original {3}; allowed 1..={4}",
            "{0}: 振替日{1}が元の日{3}から{2}日離れています（1〜{4}日まで）",
        ),
        Msg::SubstituteVenueClosed => (
            "{0}: substitute on {1}, but venue {2} cannot be used on {3}",
            "{0}: 振替日{1}ですが、会場「{2}」は{3}に使えません",
        ),
        Msg::SubstituteVenue => (
            "{0}: substitute for {1} held at {2} but the original day's venue is {3}",
            "{0}: {1}の振替を{2}で行いますが、元の日の会場は{3}です",
        ),
        Msg::SeminarHours => (
            "seminar held {0} but seminars run {1}",
            "セミナーの時間が{0}ですが、セミナーは{1}に行います",
        ),
        Msg::SeminarRoomNotOwn => (
            "{0} seminar in room {1}/{2}, which is not one of its rooms ({3})",
            "{0}のセミナーが{1}の{2}で行われますが、{0}の部屋（{3}）ではありません",
        ),
        Msg::SeminarRoomNotHeld => (
            "{0} seminars do not use {1}/{2} on {3} (the room is given up or not yet taken then)",
            "{0}のセミナーは{3}に{1}の{2}を使いません（その日は部屋を返したか、まだ借りていません）",
        ),
        Msg::SeminarNoCapacity => (
            "seminar has no capacity; it is for {0} people",
            "セミナーの定員がありません（定員は{0}人です）",
        ),
        Msg::SeminarCapacity => (
            "seminar planned for {0} people; {1}'s seminars are for {2}",
            "セミナーの定員が{0}人ですが、{1}のセミナーは{2}人です",
        ),
        Msg::RoomTooSmall => (
            "room {0}/{1} holds {2} people but the seminar is for {3}",
            "{0}の{1}は{2}人までですが、セミナーの定員は{3}人です",
        ),
        Msg::SeminarVenueClosed => (
            "venue {0} cannot be used on {1} ({2})",
            "会場「{0}」は{3}に使えません",
        ),
        Msg::SeminarWeekday => (
            "seminar on a {0} ({1}); seminars are held on {2}",
            "セミナーが{3}にあります（セミナーは{2}に行います）",
        ),
        Msg::SeminarLecturers => (
            "{0} seminar on {1}: {2} lecturers assigned, exactly 1 required",
            "{0} {1}{3}のセミナー: 講師が{2}人です（ちょうど1人必要）",
        ),
        Msg::SeminarReception => (
            "{0} seminar on {1}: {2} reception staff assigned, at least {3} required",
            "{0} {1}{4}のセミナー: 受付が{2}人です（{3}人以上必要）",
        ),
        Msg::SeminarChildcare => (
            "{0} women's seminar on {1}: {2} childcare worker(s) assigned, at least {3} required for the nursery at the venue",
            "{0} {1}{4}の女性向けセミナー: 保育士が{2}人です（会場の託児に{3}人以上必要）",
        ),
        Msg::SeminarNoQuota => (
            "seminar in `{0}`, which is not a municipality with a seminar quota",
            "セミナーの開催数が決まっていない{0}にセミナーがあります",
        ),
        Msg::SeminarQuota => (
            "{0}: {1} {2} seminars planned, the quota is exactly {3}",
            "{0}: {2}セミナーが{1}回です（ちょうど{3}回）",
        ),
        Msg::SeminarSpread => (
            "{0}: {1} {2} seminars in {3}; {4} a year allow at most {5} a month",
            "{0}: {3}の{2}セミナーが{1}回です（年{4}回なら月{5}回まで）",
        ),
        Msg::ThemeUnknown => (
            "theme `{0}` is not one of the {1} seminar themes",
            "テーマ「{0}」は{1}セミナーのテーマではありません",
        ),
        Msg::ThemesInMonth => (
            "{0} seminars in {1} have {2} themes ({3}); all seminars of the month share one",
            "{1}の{0}セミナーのテーマが{2}つあります（{3}）。同じ月のセミナーは同じテーマです",
        ),
        Msg::ThemeKept => (
            "{0} seminars keep the theme `{1}` in {2} and {3}; the theme changes every month",
            "{0}セミナーのテーマ「{1}」が{2}と{3}で同じです（テーマは毎月変えます）",
        ),
        Msg::FewThemes => (
            "{0} seminars use {1} theme(s) over the year, at least {2} required",
            "{0}セミナーのテーマが年間{1}種類です（{2}種類以上必要）",
        ),
        Msg::NoSeries => (
            "{0} event that belongs to no event series of the model (no {0} series, or none whose id starts `{1}`)",
            "{0}のイベント {1} がモデルのどのシリーズにも属していません（{0}のシリーズがないか、IDが合いません）",
        ),
        Msg::SeriesPerMonth => (
            "{0}: {1} events in {2}, exactly {3} a month required",
            "{0}: {2}に{1}回です（毎月ちょうど{3}回）",
        ),
        Msg::SeriesCount => (
            "{0}: {1} events in the year, at least {2} required",
            "{0}: 年間{1}回です（{2}回以上必要）",
        ),
        Msg::SeriesHours => (
            "{0} held {1} but the series runs {2}",
            "{0}の時間が{1}ですが、このシリーズは{2}に行います",
        ),
        Msg::SeriesRoom => (
            "{0} in room {1}/{2}, which is not one of the series' rooms",
            "{0}が{1}の{2}で行われますが、このシリーズの部屋ではありません",
        ),
        Msg::SeriesWeekday => (
            "{0} on a {1} ({2}); the series is held on {3}",
            "{0}が{4}にあります（このシリーズは{3}に行います）",
        ),
        Msg::EventRoomTooSmall => (
            "room {0}/{1} holds {2} people but the event is for {3}",
            "{0}の{1}は{2}人までですが、イベントの定員は{3}人です",
        ),
        Msg::OutreachFewPeople => (
            "outreach seminar planned for {0} people, at least {1} required",
            "出前セミナーの定員が{0}人です（{1}人以上必要）",
        ),
        Msg::OutreachNoCapacity => (
            "outreach seminar planned for no people, at least {0} required",
            "出前セミナーの定員がありません（{0}人以上必要）",
        ),
        Msg::OutreachInMunicipality => (
            "outreach seminar held in {0}, one of the programme's municipalities; outreach goes elsewhere",
            "出前セミナーが対象市町村の{0}で行われます（出前セミナーはそれ以外の地域で行います）",
        ),
        Msg::OutreachNoConsultant => (
            "{0} on {1}: nobody at the event meets CON-5 (registered, at least {2} year(s) of practice) for its consultation slots; place a qualified consultant or a lecturer who meets it",
            "{1}{3}の出前セミナー（{0}）: 相談の時間に CON-5 を満たす人（登録済み・実務経験{2}年以上）がいません。有資格の相談員か、条件を満たす講師を配置してください",
        ),
        Msg::SeriesNeed => (
            "{0} on {1}: {2} {3} assigned, at least {4} required",
            "{1}{5}の{6}（{0}）: {3}が{2}人です（{4}人以上必要）",
        ),
        Msg::TopicUnknown => (
            "topic `{0}` is not one of the topics of {1}",
            "テーマ「{0}」は{1}のテーマではありません",
        ),
        Msg::TopicsMissing => (
            "{0}: topic(s) {1} never occur in the year",
            "{0}: テーマ{1}が年間に一度もありません",
        ),
        Msg::OfficeWeekday => (
            "office open on a {0} ({1}); the office's days are {2}",
            "事務局が{3}に開いています（事務局の曜日は{2}です）",
        ),
        Msg::OfficeVenue => (
            "office day at {0}; the office is at {1}",
            "事務局の日が{0}にありますが、事務局は{1}です",
        ),
        Msg::OfficeHours => (
            "office hours {0} but the office is open {1}",
            "事務局の時間が{0}ですが、事務局は{1}に開きます",
        ),
        Msg::OfficeNeed => (
            "office on {0}: {1} {2} assigned, at least {3} required",
            "{0}の事務局: {2}が{1}人です（{3}人以上必要）",
        ),
        Msg::OfficeDayMissing => (
            "{0} ({1}) is an office day but no office event is planned",
            "{2}は事務局の日ですが、事務局が計画されていません",
        ),
        Msg::OfficeTwice => (
            "{0} office events on {1}; the office opens once a day",
            "{1}に事務局が{0}件あります（1日1件です）",
        ),
        Msg::FewJobDevelopers => (
            "{0} job developers on the staff, at least {1} required",
            "求人開拓員が{0}人です（{1}人以上必要）",
        ),
        Msg::RoomTwice => (
            "room {0}/{1} holds {2} ({3}) and {4} ({5}) at the same time on {6}",
            "{6}に{0}の{1}で{2}（{3}）と{4}（{5}）が重なっています",
        ),
        Msg::Announced => (
            "{0} is announced (a {1} out on {2} lists it until {3}) but {4}",
            "{0}は周知済みです（{2}に出た{1}に{3}まで載っています）が、{4}",
        ),
        Msg::AnnouncedGone => (
            "is no longer in the plan",
            "計画からなくなっています",
        ),
        Msg::AnnouncedChanges => (
            "{0}",
            "{0}と変わっています",
        ),
        Msg::AnnouncedDate => (
            "date {0} -> {1}",
            "日付 {0} → {1}",
        ),
        Msg::AnnouncedHours => (
            "hours {0}-{1} -> {2}-{3}",
            "時間 {0}-{1} → {2}-{3}",
        ),
        Msg::AnnouncedVenue => (
            "venue {0} -> {1}",
            "会場 {0} → {1}",
        ),
        Msg::Leaflet => (
            "leaflet",
            "リーフレット",
        ),
        Msg::Flyer => (
            "flyer",
            "チラシ",
        ),
        Msg::DueBeforePublicity => (
            "{0} is due on {1}, before publicity can start on {2} ({3})",
            "{0}の締切が{1}で、広報を始められる{2}より前です（{3}）",
        ),
        Msg::ItsFlyer => (
            "its flyer",
            "チラシ",
        ),
        Msg::LeafletIssue => (
            "the leaflet issue for {0}",
            "{0}分のリーフレット",
        ),
        Msg::EmployerFlyer => (
            "the employer flyer used from {0}",
            "{0}から使う事業主向けチラシ",
        ),
        Msg::AgreeWithPrefecture => (
            "an exception to agree with the prefecture",
            "県と協議する例外です",
        ),
        Msg::LeadTimeHard => (
            "not allowed: lead_time is hard",
            "lead_time が hard のため認められません",
        ),
        Msg::TrCourseUnknown => (
            "course {0} is not in the model",
            "コース {0} がモデルにありません",
        ),
        Msg::TrCourseDates => (
            "{0}: start, end or application_deadline is not a date",
            "{0}: 開始日・終了日・応募締切（application_deadline）のどれかが日付ではありません",
        ),
        Msg::TrStaffUnknown => (
            "assignment names {0}, who is not in staff.csv",
            "担当の {0} が staff.csv にいません",
        ),
        Msg::TrCourseMissing => (
            "course {0} is missing from courses.csv",
            "コース「{0}」が courses.csv にありません",
        ),
        Msg::TrSessionCourseUnknown => (
            "session of unknown course {0}",
            "モデルにないコース {0} のセッションがあります",
        ),
        Msg::TrManagers => (
            "{0} training managers in staff.csv; exactly one is required",
            "訓練実施責任者が staff.csv に{0}人います（ちょうど1人必要）",
        ),
        Msg::TrNoLiaison => (
            "no full-time liaison in staff.csv",
            "常勤の連絡調整担当が staff.csv にいません",
        ),
        Msg::TrNoJobSupportManager => (
            "no job-support manager in staff.csv",
            "就職支援責任者が staff.csv にいません",
        ),
        Msg::TrJobSupportUnqualified => (
            "no job-support person holds a career-consultant, job-card-advisor, career-consulting-technician or vocational-instructor-licence qualification",
            "就職支援の担当者に、キャリアコンサルタント・ジョブ・カード作成アドバイザー・キャリアコンサルティング技能士・職業訓練指導員免許のいずれかを持つ人がいません",
        ),
        Msg::TrStartEnd => (
            "{0}: start/end do not match its first and last session",
            "{0}: 開始日・終了日が最初と最後のセッションと合いません",
        ),
        Msg::TrStartWindow => (
            "{0}: starts outside its window {1} .. {2}",
            "{0}: 開始日が開始期間（{1}〜{2}）の外です",
        ),
        Msg::TrTrainees => (
            "{0}: {1} trainees, the model has {2}",
            "{0}: 訓練生が{1}人ですが、モデルでは{2}人です",
        ),
        Msg::TrTotalHours => (
            "{0}: sessions add up to {1} hours; courses.csv says {2}, the model {3}",
            "{0}: セッションの合計が{1}時間ですが、courses.csv では{2}時間、モデルでは{3}時間です",
        ),
        Msg::TrKindHours => (
            "{0}: online/workplace/internship hours in courses.csv differ from its sessions",
            "{0}: courses.csv のオンライン・職場実習・インターンシップの時間がセッションと合いません",
        ),
        Msg::TrSubjectHours => (
            "{0}: subject {1} has {2} hours; the curriculum has {3}",
            "{0}: 科目 {1} が{2}時間ですが、カリキュラムでは{3}時間です",
        ),
        Msg::TrNotBusinessDay => (
            "{0}: training on {1}, which is not a business day",
            "{0}: 営業日でない{1}に訓練があります",
        ),
        Msg::TrWorkplaceShare => (
            "{0}: {1} of {2} hours at workplaces is not under {3} %",
            "{0}: 職場での訓練が{2}時間のうち{1}時間で、{3}%未満になっていません",
        ),
        Msg::TrInPersonShare => (
            "{0}: only {1} of {2} hours in person (at least {3} %)",
            "{0}: 通所の訓練が{2}時間のうち{1}時間だけです（{3}%以上必要）",
        ),
        Msg::TrOnlineNotAllowed => (
            "{0}: {1} session online, which the course does not allow",
            "{0}: {1}のセッションがオンラインですが、このコースでは認められていません",
        ),
        Msg::TrDeadline => (
            "{0}: {1} business days between the application deadline {2} and the start {3}; {4}-{5} required",
            "{0}: 応募締切{2}から開始日{3}までが{1}営業日です（{4}〜{5}営業日必要）",
        ),
        Msg::TrInterviewers => (
            "{0}: {1} interviewer(s) on the selection interview; at least {2} required",
            "{0}: 選考面接の面接担当が{1}人です（{2}人以上必要）",
        ),
        Msg::TrInterviewDate => (
            "{0}: the interview date `{1}` is not a business day between the deadline {2} and the start {3}",
            "{0}: 面接日 {1} が応募締切{2}と開始日{3}の間の営業日ではありません",
        ),
        Msg::TrContactDate => (
            "{0}: {1} on `{2}`; it belongs on {3}",
            "{0}: {1}が{2}ですが、{3}に行います",
        ),
        Msg::TrContactUnstaffed => (
            "{0}: nobody from job support is assigned to the {1}",
            "{0}: {1}に就職支援の担当者が割り当てられていません",
        ),
        Msg::TrCompletionSurvey => (
            "completion-survey",
            "修了時アンケート",
        ),
        Msg::TrFollowUp1m => (
            "follow-up-1m",
            "修了1か月後の就職状況確認",
        ),
        Msg::TrFollowUp3m => (
            "follow-up-3m",
            "修了3か月後の就職状況確認",
        ),
        Msg::TrManagerShare => (
            "{0}: the job-support manager is on site on {1} of {2} classroom days at the site ({3} %); at least {4} % required",
            "{0}: 就職支援責任者が施設にいるのは教室での訓練日{2}日のうち{1}日（{3}%）です（{4}%以上必要）",
        ),
        Msg::TrManagerGap => (
            "{0}: the job-support manager is on site on none of the {1} classroom days {2} .. {3}; at least one in every {4} is required",
            "{0}: 教室での訓練日{2}〜{3}の{1}日間、就職支援責任者が一度も施設にいません（{4}日に1日以上必要）",
        ),
        Msg::TrLiaisonAway => (
            "{0}: no full-time liaison at the site on {1}, a day the course is held there",
            "{0}: 施設で訓練がある{1}に、常勤の連絡調整担当がいません",
        ),
        Msg::TrNoHomeroom => (
            "{0}: no full-time homeroom instructor",
            "{0}: 常勤の担任講師がいません",
        ),
        Msg::TrHomeroomTeachesNot => (
            "{0}: homeroom {1} teaches none of the course's sessions; the homeroom is one of its own instructors",
            "{0}: 担任の{1}がこのコースのセッションを一つも担当していません（担任はコースの講師から選びます）",
        ),
        Msg::TrInternshipField => (
            "{0}: an internship in a `{1}` course; it is for digital courses",
            "{0}: {1}分野のコースにインターンシップがあります（インターンシップはデジタル分野のコースだけです）",
        ),
        Msg::TrInternshipShortCourse => (
            "{0}: runs {1} .. {2}, under 3 months, and has an internship",
            "{0}: 期間が{1}〜{2}で3か月未満なのに、インターンシップがあります",
        ),
        Msg::TrInternshipHours => (
            "{0}: internship of {1} hours; 50 to under 100 required",
            "{0}: インターンシップが{1}時間です（50時間以上100時間未満が必要）",
        ),
        Msg::TrInternshipDays => (
            "{0}: internship on {1} days from {2} to {3}; 2 weeks (10 days) to under 1 month required",
            "{0}: インターンシップが{2}から{3}までの{1}日です（2週間（10日）以上1か月未満が必要）",
        ),
        Msg::TrTeachingRatio => (
            "{0}: {1} session for {2} trainees has {3} instructor(s) and {4} assistant(s); {5} required",
            "{0}: 訓練生{2}人の{1}のセッションに講師{3}人・補助講師{4}人です（{5}が必要）",
        ),
        Msg::TrVisitUnled => (
            "{0}: the workplace visit of {1} has no instructor of the course to lead it",
            "{0}: {1}の職場見学を引率する、この訓練の講師がいません",
        ),
        Msg::TrNeedInstructors => (
            "{0} instructor(s)",
            "講師{0}人",
        ),
        Msg::TrNeedPeople => (
            "{0} people, at least 1 an instructor",
            "{0}人（うち講師1人以上）",
        ),
        Msg::TrAssistantRole => (
            "{0}: {1} assists without an assistant or instructor role",
            "{0}: {1}が補助講師・講師の役割なしで補助をしています",
        ),
        Msg::TrSubjectUnknown => (
            "{0}: subject `{1}` is not in the curriculum of {2}",
            "{0}: 科目 {1} は「{2}」のカリキュラムにありません",
        ),
        Msg::TrSubjectKind => (
            "{0}: type {1} but {2} is a {3}",
            "{0}: 種類が{1}ですが、科目 {2} は{3}です",
        ),
        Msg::TrUnqualified => (
            "{0}: {1} teaches {2} without listing it or without {3}",
            "{0}: {1}が科目 {2} を教えますが、担当科目にないか、{3}がありません",
        ),
        Msg::TrInstructorRole => (
            "the instructor role",
            "講師の役割",
        ),
        Msg::TrRoomTwice => (
            "{0}: {1} and {2} at the same time",
            "{3} {0}: {1}と{2}が同じ時間です",
        ),
        Msg::TrUnavailable => (
            "{0} is assigned to {1} on {2} but {3}",
            "{0}が{2}の{1}に割り当てられていますが、{3}",
        ),
        Msg::TrOnLeave => (
            "is on leave",
            "休暇中です",
        ),
        Msg::TrOffWeekday => (
            "does not work that weekday",
            "その曜日は勤務日ではありません",
        ),
        Msg::TrTwoPlaces => (
            "{0} is in {1} and {2} at the same time",
            "{3}に{0}が{1}と{2}に同時に割り当てられています",
        ),
        Msg::TrNoClassroom => (
            "{0}: an offline session without a classroom",
            "{0}: 通所のセッションに教室がありません",
        ),
        Msg::TrUnknownClassroom => (
            "{0}: unknown classroom {1}",
            "{0}: 教室 {1} はモデルにありません",
        ),
        Msg::TrRoomFigures => (
            "{0}: area or PCs of {1} differ from the model ({2} m², {3} PCs)",
            "{0}: {1}の面積かパソコンの台数がモデル（{2} m²、パソコン{3}台）と違います",
        ),
        Msg::TrSeats => (
            "{0}: {1} seats listed, but {2} m² / {3} m² gives {4}",
            "{0}: 席数が{1}ですが、{2} m² ÷ {3} m² では{4}席です",
        ),
        Msg::TrRoomTooSmall => (
            "{0}: {1} ({2} m², {3} seats) is too small for {4} trainees",
            "{0}: {1}（{2} m²、{3}席）は訓練生{4}人には狭すぎます",
        ),
        Msg::TrPcs => (
            "{0}: {1} PCs for {2} trainees",
            "{0}: 訓練生{2}人にパソコンが{1}台です",
        ),
        Msg::TrPrinters => (
            "{0}: printers in {1} serve too few: {2} inkjet (1 per {3}) / {4} laser (1 per {5}) for {6} trainees",
            "{0}: {1}のプリンターが足りません: 訓練生{6}人にインクジェット{2}台（{3}人に1台）・レーザー{4}台（{5}人に1台）",
        ),
        Msg::TrRoomKind => (
            "{0}: {1} is held in {2}, which is not a room of kind {3}",
            "{0}: 科目 {1} を{2}で行いますが、{3}の教室ではありません",
        ),
        Msg::TrRoomUnavailable => (
            "{0}: {1} cannot be used on {2}",
            "{0}: {1}は{2}に使えません",
        ),
    }
}

#[cfg(test)]
mod finding_tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The placeholders of a template.
    fn slots(t: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        let mut rest = t;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    out.insert(after[..close].to_string());
                    rest = &after[close + 1..];
                }
                None => break,
            }
        }
        out
    }

    #[test]
    fn every_finding_kind_has_both_languages_with_the_same_arguments() {
        for &m in Msg::ALL {
            let (en, ja) = finding_words(m);
            assert!(!en.trim().is_empty(), "{m:?} has no English");
            assert!(!ja.trim().is_empty(), "{m:?} has no Japanese");
            // Every slot is an argument's number, and together the two languages use
            // every argument (Japanese may leave out an id its names already say, or
            // add a date English did not need).
            let both: BTreeSet<usize> = slots(en)
                .union(&slots(ja))
                .map(|s| s.parse::<usize>().unwrap_or(usize::MAX))
                .collect();
            let n = both.len();
            assert_eq!(both, (0..n).collect(), "{m:?}: arguments are not 0..{n}");
            // Japanese is Japanese: some character outside ASCII.
            assert!(!ja.is_ascii(), "{m:?}: the Japanese is ASCII: {ja}");
            // Rendering with placeholder arguments never leaves a `{N}` behind.
            let args: Vec<FindingArg> = (0..n).map(|i| FindingArg::Text(format!("a{i}"))).collect();
            let f = Finding::new(m, args);
            for lang in [Lang::En, Lang::Ja] {
                let t = finding_text(lang, &f);
                assert!(slots(&t).is_empty(), "{m:?} {lang:?}: {t}");
            }
        }
    }

    #[test]
    fn an_argument_is_never_read_as_a_placeholder_and_names_show_in_japanese() {
        let f = Finding::new(
            Msg::GapExperience,
            vec![FindingArg::Text("{1}".into()), FindingArg::Text("3".into())],
        );
        assert_eq!(
            finding_text(Lang::En, &f),
            "has {1} years of practice, at least 3 required"
        );
        let named = FindingArg::Named {
            id: "c01".into(),
            name: "山田".into(),
        };
        assert_eq!(arg_text(Lang::En, &named), "c01");
        assert_eq!(arg_text(Lang::Ja, &named), "山田");
        assert_eq!(
            arg_text(Lang::Ja, &FindingArg::Date("2023-07-05".into())),
            "2023-07-05（水）"
        );
        assert_eq!(
            arg_text(Lang::Ja, &FindingArg::Role("consultant".into())),
            "キャリアコンサルタント"
        );
        let mut f = Finding::new(Msg::NoEventId, Vec::new());
        f.merged = true;
        assert!(finding_text(Lang::En, &f).starts_with("checker: "));
    }
}
