//! `roster generate`: a K-times larger model from any career-centre model, for scaling
//! benchmarks. Copy 0 is the model itself; copies 1..K-1 repeat every municipality,
//! town, venue, pattern, seminar quota, event series, substitution and staff member
//! (except the single office's management: managers and sub-managers) under ids
//! suffixed `-k<copy>`, laid out on a grid: `COPY_SHIFT_LON` degrees of longitude
//! further east per copy, `COPIES_PER_ROW` to a row, and each row `COPY_SHIFT_LAT`
//! degrees further south (so 64 copies of a Japanese model stay within valid
//! coordinates), so the copies are geographically separate regions. With `--spacing
//! DEG` ([`copies_spaced`]) the grid is DEG degrees both ways instead: at 0.15° or
//! 0.6° neighbouring copies lie within one person's reach, so the copies form one
//! connected region (issue 20's connected layout). The office, the calendar
//! and every weight stay single. Works on the TOML document, so the copy is as valid
//! as the model it came from (the command checks that it is).

use toml::{Table, Value};

/// Degrees of longitude between copies: about 270 km at Saitama's latitude, so the
/// gap between neighbouring copies (about 200 km) exceeds the default reach of a
/// person (`Model::default_max_travel_km`, 115 km on the shipped model).
pub const COPY_SHIFT_LON: f64 = 3.0;

/// Copies side by side before the next row starts. Regression: copies placed in one
/// row went past longitude 180 from K = 15 on, and `--copies 16` failed (E091).
pub const COPIES_PER_ROW: u32 = 8;

/// Degrees of latitude between rows of copies (about 330 km, beyond any default reach).
pub const COPY_SHIFT_LAT: f64 = 3.0;

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

/// The default `--spacing`: [`COPY_SHIFT_LON`] (equal to [`COPY_SHIFT_LAT`]).
pub const DEFAULT_SPACING: f64 = COPY_SHIFT_LON;

/// The largest `--spacing`, in degrees: 8 copies to a row then span 70° of longitude,
/// already more than a model near the middle of the map has room for.
pub const MAX_SPACING: f64 = 10.0;

/// The model text `copies` times over (1 gives the model back, re-serialised), laid out
/// at the default spacing (separate regions).
pub fn copies(text: &str, copies: u32) -> Result<String, String> {
    copies_spaced(text, copies, DEFAULT_SPACING)
}

/// As [`copies`], with the copies `spacing` degrees apart (longitude within a row,
/// latitude between rows). A spacing that is not a number of degrees more than 0 and
/// at most [`MAX_SPACING`], or that would place a copy outside valid coordinates
/// (latitude -90..=90, longitude -180..=180), is refused with a sentence saying so.
pub fn copies_spaced(text: &str, copies: u32, spacing: f64) -> Result<String, String> {
    if !(spacing.is_finite() && spacing > 0.0 && spacing <= MAX_SPACING) {
        return Err(format!(
            "--spacing {spacing} is not a number of degrees more than 0 and at most {MAX_SPACING}"
        ));
    }
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
                out.push(Value::Table(copy_entry(table, t, copy, spacing)?));
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

fn copy_entry(table: &str, t: &Table, copy: u32, spacing: f64) -> Result<Table, String> {
    let mut t = t.clone();
    rename(&mut t, "id", copy);
    if let Some(Value::String(name)) = t.get_mut("name") {
        *name = format!("{name} ({copy})");
    }
    let shifts = [
        ("lon", spacing * f64::from(copy % COPIES_PER_ROW), 180.0),
        ("lat", -spacing * f64::from(copy / COPIES_PER_ROW), 90.0),
    ];
    let id = t
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("?")
        .to_string();
    for (field, by, limit) in shifts {
        if let Some(v) = t.get_mut(field) {
            let shifted = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
            if let Some(x) = shifted {
                let moved = x + by;
                if moved.abs() > limit {
                    return Err(format!(
                        "at --spacing {spacing} copy {copy} of {table} `{id}` would lie at {field} {moved:.3}, outside -{limit}..={limit}; give a smaller --spacing or fewer --copies"
                    ));
                }
                *v = Value::Float(moved);
            }
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
    Ok(t)
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

    /// Regression: `--copies 16` put copies past longitude 180 (E091). Copies now
    /// wrap into rows further south.
    #[test]
    fn sixteen_copies_stay_within_valid_coordinates() {
        let text = "[[municipality]]\nid = \"a\"\nlat = 36.0\nlon = 139.8\n";
        let out: Table = copies(text, 16).expect("copies").parse().expect("toml");
        let m = out["municipality"].as_array().expect("m");
        assert_eq!(m.len(), 16);
        for x in m {
            let lon = x["lon"].as_float().unwrap_or(f64::NAN);
            let lat = x["lat"].as_float().unwrap_or(f64::NAN);
            assert!((-180.0..=180.0).contains(&lon), "{x}");
            assert!((-90.0..=90.0).contains(&lat), "{x}");
        }
        assert_eq!(m[8]["lon"].as_float(), Some(139.8));
        assert_eq!(m[8]["lat"].as_float(), Some(36.0 - COPY_SHIFT_LAT));
    }

    /// `--spacing`: copies DEG apart both ways; a spacing that is not a positive number
    /// of degrees, or that pushes a copy off the map, is refused with a sentence.
    #[test]
    fn spacing_sets_the_distance_between_copies_and_bad_spacing_is_refused() {
        let text = "[[municipality]]\nid = \"a\"\nlat = 36.0\nlon = 139.0\n";
        let out: Table = copies_spaced(text, 10, 0.15)
            .expect("copies")
            .parse()
            .expect("toml");
        let m = out["municipality"].as_array().expect("m");
        let lon = |i: usize| m[i]["lon"].as_float().unwrap_or(f64::NAN);
        let lat = |i: usize| m[i]["lat"].as_float().unwrap_or(f64::NAN);
        assert!((lon(1) - 139.15).abs() < 1e-9, "{}", lon(1));
        assert!((lon(7) - (139.0 + 7.0 * 0.15)).abs() < 1e-9, "{}", lon(7));
        // The ninth copy starts the next row, 0.15° further south.
        assert!((lon(8) - 139.0).abs() < 1e-9 && (lat(8) - 35.85).abs() < 1e-9);
        assert_eq!(
            copies(text, 3).ok(),
            copies_spaced(text, 3, DEFAULT_SPACING).ok()
        );
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY, MAX_SPACING + 1.0] {
            let e = copies_spaced(text, 2, bad).expect_err("refused");
            assert!(e.contains("--spacing"), "{e}");
        }
        // 8 copies 6° apart from longitude 139 reach 181: refused, nothing made.
        let e = copies_spaced(text, 8, 6.0).expect_err("off the map");
        assert!(
            e.contains("outside") && e.contains("smaller --spacing"),
            "{e}"
        );
    }
}
