//! `roster generate`: a K-times larger model from any career-centre model, for scaling
//! benchmarks. Copy 0 is the model itself; copies 1..K-1 repeat every municipality,
//! town, venue, pattern, seminar quota, event series, substitution and staff member
//! (except the single office's management: managers and sub-managers) under ids
//! suffixed `-k<copy>`, placed `COPY_SHIFT_LON` degrees of longitude further east per
//! copy, so the copies are geographically separate regions. The office, the calendar
//! and every weight stay single. Works on the TOML document, so the copy is as valid
//! as the model it came from (the command checks that it is).

use toml::{Table, Value};

/// Degrees of longitude between copies: about 270 km at Saitama's latitude, so the
/// gap between neighbouring copies (about 200 km) exceeds the default reach of a
/// person (`Model::default_max_travel_km`, 115 km on the shipped model).
pub const COPY_SHIFT_LON: f64 = 3.0;

/// Tables whose entries are copied, with the fields that hold ids of copied entries.
const COPIED: &[&str] = &[
    "municipality",
    "town",
    "venue",
    "pattern",
    "seminar_quota",
    "event_series",
    "staff",
];

/// Roles that belong to the single office: people with them are not copied.
const MANAGEMENT: &[&str] = &["manager", "sub-manager"];

/// The model text `copies` times over (1 gives the model back, re-serialised).
pub fn copies(text: &str, copies: u32) -> Result<String, String> {
    let mut doc: Table = text
        .parse()
        .map_err(|e: toml::de::Error| format!("not a TOML document: {e}"))?;
    let k = copies.max(1);
    for table in COPIED {
        let Some(Value::Array(items)) = doc.get(*table).cloned() else {
            continue;
        };
        let mut out = items.clone();
        for copy in 1..k {
            for item in &items {
                let Value::Table(t) = item else { continue };
                if *table == "staff" && is_management(t) {
                    continue;
                }
                out.push(Value::Table(copy_entry(table, t, copy)));
            }
        }
        doc.insert((*table).to_string(), Value::Array(out));
    }
    // Explicit substitutions (CAL-5) name a municipality: each copy gets its own.
    if let Some(Value::Table(cal)) = doc.get_mut("calendar") {
        if let Some(Value::Array(subs)) = cal.get("substitution").cloned() {
            let mut out = subs.clone();
            for copy in 1..k {
                for s in &subs {
                    if let Value::Table(t) = s {
                        let mut t = t.clone();
                        rename(&mut t, "municipality", copy);
                        out.push(Value::Table(t));
                    }
                }
            }
            cal.insert("substitution".into(), Value::Array(out));
        }
    }
    toml::to_string(&doc).map_err(|e| format!("cannot write the model: {e}"))
}

fn is_management(t: &Table) -> bool {
    match t.get("roles") {
        Some(Value::Array(roles)) => roles
            .iter()
            .any(|r| r.as_str().is_some_and(|r| MANAGEMENT.contains(&r))),
        _ => false,
    }
}

/// `id` of copy `copy`.
fn suffixed(id: &str, copy: u32) -> String {
    format!("{id}-k{copy}")
}

/// A room reference "venue/room" of copy `copy`.
fn room_ref(r: &str, copy: u32) -> String {
    match r.split_once('/') {
        Some((venue, room)) => format!("{}/{room}", suffixed(venue, copy)),
        None => suffixed(r, copy),
    }
}

fn rename(t: &mut Table, field: &str, copy: u32) {
    if let Some(Value::String(s)) = t.get_mut(field) {
        *s = suffixed(s, copy);
    }
}

fn rename_all(t: &mut Table, field: &str, copy: u32, f: fn(&str, u32) -> String) {
    if let Some(Value::Array(xs)) = t.get_mut(field) {
        for x in xs.iter_mut() {
            if let Value::String(s) = x {
                *s = f(s, copy);
            }
        }
    }
}

fn copy_entry(table: &str, t: &Table, copy: u32) -> Table {
    let mut t = t.clone();
    rename(&mut t, "id", copy);
    if let Some(Value::String(name)) = t.get_mut("name") {
        *name = format!("{name} ({copy})");
    }
    if let Some(lon) = t.get_mut("lon") {
        let shifted = lon
            .as_float()
            .or_else(|| lon.as_integer().map(|i| i as f64));
        if let Some(x) = shifted {
            *lon = Value::Float(x + COPY_SHIFT_LON * f64::from(copy));
        }
    }
    match table {
        "venue" => rename(&mut t, "place", copy),
        "pattern" => {
            rename(&mut t, "municipality", copy);
            rename(&mut t, "venue", copy);
        }
        "seminar_quota" => {
            rename(&mut t, "municipality", copy);
            rename_all(&mut t, "rooms", copy, room_ref);
        }
        "event_series" => rename_all(&mut t, "rooms", copy, room_ref),
        "staff" => {
            rename(&mut t, "home", copy);
            rename_all(&mut t, "prefers", copy, suffixed);
        }
        _ => {}
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_copy_is_the_model() {
        let text = "[[municipality]]\nid = \"a\"\nlat = 1.0\nlon = 2.0\n";
        let out = copies(text, 1).expect("copies");
        assert_eq!(out.parse::<Table>().ok(), text.parse::<Table>().ok());
    }

    #[test]
    fn copies_rename_references_and_keep_management_single() {
        let text = r#"
[[municipality]]
id = "a"
lon = 139.0
[[venue]]
id = "v"
place = "a"
[[seminar_quota]]
municipality = "a"
rooms = ["v/s"]
[[staff]]
id = "m"
roles = ["manager"]
home = "a"
[[staff]]
id = "c"
roles = ["consultant"]
home = "a"
prefers = ["a"]
"#;
        let out: Table = copies(text, 3).expect("copies").parse().expect("toml");
        let ids = |t: &str| -> Vec<String> {
            out[t]
                .as_array()
                .expect("array")
                .iter()
                .map(|x| x["id"].as_str().unwrap_or("").to_string())
                .collect()
        };
        assert_eq!(ids("municipality"), ["a", "a-k1", "a-k2"]);
        assert_eq!(ids("staff"), ["m", "c", "c-k1", "c-k2"]);
        let staff = out["staff"].as_array().expect("staff");
        assert_eq!(staff[3]["home"].as_str(), Some("a-k2"));
        assert_eq!(staff[3]["prefers"][0].as_str(), Some("a-k2"));
        let q = out["seminar_quota"].as_array().expect("quota");
        assert_eq!(q[1]["rooms"][0].as_str(), Some("v-k1/s"));
        let m = out["municipality"].as_array().expect("m");
        assert_eq!(m[2]["lon"].as_float(), Some(139.0 + 2.0 * COPY_SHIFT_LON));
    }
}
