//! Every write of documents, decisions and what they derive, for one or many
//! persons at once, as one fixed script: a list of statements with one
//! shared list of arguments. SQLite runs the script's statements in a single
//! round trip, PostgreSQL the script as one statement (`Script::as_one`).
//!
//! Rows travel as JSON arrays of arrays of strings and are unpacked by the
//! database (`json_each` on SQLite, `json_array_elements` on PostgreSQL), so
//! each statement's text is the same whatever the number of persons, cases
//! or tasks, and stays prepared. Derived tables are synchronised, not
//! rewritten: rows no longer derived are deleted, new ones inserted, changed
//! ones updated, and unchanged ones left alone (so they cost no page writes).
//!
//! Argument layout (every value text or integer, the same types every time,
//! since a prepared statement keeps the types it was first given):
//!
//! | `$n` | value |
//! |---|---|
//! | 1 | now (millis): `created_at`, `received_at`, `decided_at`, audit `at` |
//! | 2, 3, 4 | the actor's username, user id and role |
//! | 5 | persons: id, unit, `unit_set_by_seq`, given name, family name, street, postcode, city (every person whose derived rows are synchronised) |
//! | 6 | documents: person, kind, id, seq, content, gp, employer, storage format |
//! | 7 | decisions: person, seq, task id, state, reason |
//! | 8–11 | cases, case employers, milestones, tasks (each row starting with the person) |
//! | 12 | audit entries: person, ordinal for the person in this script, purpose, action, permitted |

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;
use tilbake_contract::stored::STORAGE_FORMAT;
use tilbake_domain::access::AuditAction;

use crate::backend::Arg;
use crate::recompute::{date_text, open_until, urgency_text, Derived};
use crate::rows::party_text;
use crate::{Actor, Millis};

/// A fixed list of statements.
#[derive(Clone, Debug)]
pub struct Script {
    /// Each statement with the highest `$n` it names: a database that
    /// prepares one statement at a time is given the first `n` arguments.
    pub statements: Vec<(String, usize)>,
    /// The statements as one text, for a database that runs several at once.
    pub joined: String,
    /// The same, then `COMMIT`.
    pub joined_with_commit: String,
    /// The statements as one statement: each but the last a data-modifying
    /// `WITH` query before the last, for a database that runs them so
    /// (PostgreSQL: one round trip). All of them then see the database as
    /// it was before the statement, so no statement may depend on another's
    /// changes; the write script's do not (each writes rows no other one
    /// reads or writes, and the derived tables carry no foreign keys).
    pub as_one: String,
}

impl Script {
    fn new(statements: Vec<String>) -> Script {
        let joined = statements.join(";\n");
        let joined_with_commit = format!("{joined};\nCOMMIT");
        let as_one = match statements.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, before)) => {
                let parts: Vec<String> = before
                    .iter()
                    .enumerate()
                    .map(|(index, statement)| format!("w{index} AS ({statement})"))
                    .collect();
                format!("WITH {}\n{last}", parts.join(",\n"))
            }
            None => String::new(),
        };
        let statements = statements
            .into_iter()
            .map(|statement| {
                let n_params = highest_placeholder(&statement);
                (statement, n_params)
            })
            .collect();
        Script {
            statements,
            joined,
            joined_with_commit,
            as_one,
        }
    }
}

/// The highest `$n` in `sql` (0 when none).
fn highest_placeholder(sql: &str) -> usize {
    sql.split('$')
        .skip(1)
        .filter_map(|after| {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().ok()
        })
        .max()
        .unwrap_or(0)
}

/// The SQL of one backend that reads and writes persons in bulk, made once
/// when the store opens.
#[derive(Clone, Debug)]
pub struct Scripts {
    /// Writes a [`ChangeSet`].
    pub write: Script,
    /// The documents and decisions of the persons in `$1` (rows of one id).
    pub select_person_data: String,
    /// Makes the rows of the persons in `$1` (rows of one id, in id order)
    /// that are missing, with `created_at` `$2`, and answers their ids.
    pub create_persons: String,
    /// Locks the rows of the persons in `$1` (rows of one id), in id order,
    /// until commit (on a backend with row locks).
    pub lock_persons: String,
    /// Deletes the rows of the persons in `$1` (rows of one id).
    pub delete_persons: String,
}

impl Scripts {
    /// `json_rows` turns a placeholder holding a JSON array of arrays into a
    /// table expression whose rows have the column `value`; `in_first` turns
    /// such a table expression into the end of a condition on `person_id`:
    /// "is the first field of one of these rows" (written so that the
    /// database looks the persons up in its person-first keys rather than
    /// scanning the table); `insert_audit` inserts the audit rows of `$12`
    /// (see the layout above).
    pub fn new(
        json_rows: fn(&str) -> String,
        in_first: fn(&str) -> String,
        insert_audit: &str,
    ) -> Scripts {
        let persons = json_rows("$5");
        let mut statements = vec![
            // Persons first: documents refer to them.
            format!(
                "INSERT INTO persons (person_id, unit, unit_set_by_seq, given_name, family_name, \
                 street, postcode, city, created_at) \
                 SELECT j.value ->> 0, j.value ->> 1, CAST(j.value ->> 2 AS BIGINT), j.value ->> 3, \
                 j.value ->> 4, j.value ->> 5, j.value ->> 6, j.value ->> 7, $1 FROM {persons} AS j \
                 WHERE true ON CONFLICT (person_id) DO UPDATE \
                 SET unit = excluded.unit, unit_set_by_seq = excluded.unit_set_by_seq, \
                 given_name = excluded.given_name, family_name = excluded.family_name, \
                 street = excluded.street, postcode = excluded.postcode, city = excluded.city \
                 WHERE persons.unit IS DISTINCT FROM excluded.unit \
                 OR persons.unit_set_by_seq IS DISTINCT FROM excluded.unit_set_by_seq \
                 OR persons.given_name IS DISTINCT FROM excluded.given_name \
                 OR persons.family_name IS DISTINCT FROM excluded.family_name \
                 OR persons.street IS DISTINCT FROM excluded.street \
                 OR persons.postcode IS DISTINCT FROM excluded.postcode \
                 OR persons.city IS DISTINCT FROM excluded.city"
            ),
            format!(
                "INSERT INTO documents (person_id, kind, doc_id, seq, content, received_at, received_by, gp, employer, format) \
                 SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, CAST(j.value ->> 3 AS BIGINT), \
                 j.value ->> 4, $1, $2, j.value ->> 5, j.value ->> 6, CAST(j.value ->> 7 AS BIGINT) FROM {} AS j",
                json_rows("$6")
            ),
            format!(
                "INSERT INTO task_decisions (person_id, seq, task_id, state, reason, decided_by, decided_at) \
                 SELECT j.value ->> 0, CAST(j.value ->> 1 AS BIGINT), j.value ->> 2, j.value ->> 3, \
                 j.value ->> 4, $2, $1 FROM {} AS j",
                json_rows("$7")
            ),
        ];
        let derived_tables: [DerivedTable; 4] = [
            DerivedTable {
                table: "followup_cases",
                keys: &["case_start"],
                columns: &[
                    ("case_end", "j.value ->> 2"),
                    ("open_until", "j.value ->> 3"),
                    ("sick_days", "CAST(j.value ->> 4 AS BIGINT)"),
                    ("graded_at_end", "CAST(j.value ->> 5 AS BOOLEAN)"),
                ],
                rows: "$8",
            },
            DerivedTable {
                table: "case_employers",
                keys: &["case_start", "employer"],
                columns: &[("open_until", "j.value ->> 3")],
                rows: "$9",
            },
            DerivedTable {
                table: "milestones",
                keys: &["case_start", "kind"],
                columns: &[
                    ("date", "j.value ->> 3"),
                    ("reached", "CAST(j.value ->> 4 AS BOOLEAN)"),
                    ("required", "CAST(j.value ->> 5 AS BOOLEAN)"),
                ],
                rows: "$10",
            },
            DerivedTable {
                table: "tasks",
                keys: &["task_id"],
                columns: &[
                    ("case_start", "j.value ->> 2"),
                    ("kind", "j.value ->> 3"),
                    ("owner", "j.value ->> 4"),
                    ("unit", "j.value ->> 5"),
                    ("due", "j.value ->> 6"),
                    ("state", "j.value ->> 7"),
                    ("urgency", "j.value ->> 8"),
                    ("closed_because", "j.value ->> 9"),
                ],
                rows: "$11",
            },
        ];
        for derived_table in derived_tables {
            statements.extend(sync_rows(
                &derived_table,
                &in_first(&persons),
                &json_rows(derived_table.rows),
            ));
        }
        statements.push(insert_audit.replace("{rows}", &json_rows("$12")));
        let select_person_data = format!(
            "SELECT person_id, 'document' AS source, kind AS name, doc_id AS key, seq, content AS body, \
             received_at AS at, format FROM documents WHERE person_id{persons} \
             UNION ALL SELECT person_id, 'decision', task_id, state, seq, reason, decided_at, 0 FROM task_decisions \
             WHERE person_id{persons} \
             ORDER BY person_id, source, seq",
            persons = in_first(&json_rows("$1"))
        );
        let ids = json_rows("$1");
        Scripts {
            write: Script::new(statements),
            select_person_data,
            create_persons: format!(
                "INSERT INTO persons (person_id, created_at) SELECT j.value ->> 0, $2 FROM {ids} AS j \
                 WHERE true ORDER BY 1 ON CONFLICT (person_id) DO NOTHING RETURNING person_id"
            ),
            lock_persons: format!(
                "SELECT person_id FROM persons WHERE person_id{} ORDER BY person_id",
                in_first(&ids)
            ),
            delete_persons: format!("DELETE FROM persons WHERE person_id{}", in_first(&ids)),
        }
    }
}

/// A derived table as the write script fills it.
struct DerivedTable {
    table: &'static str,
    /// The key columns after `person_id`, at `->> 1`, `->> 2`, ….
    keys: &'static [&'static str],
    /// The other columns and how each is read from a JSON row.
    columns: &'static [(&'static str, &'static str)],
    /// The placeholder of the JSON rows.
    rows: &'static str,
}

/// Makes the rows of a derived table for the persons that `in_persons`
/// selects (the end of a condition on `person_id`) equal to the JSON rows in
/// `source` (person, then the other key columns, at `->> 0`, `->> 1`, …),
/// writing only what differs. Two statements.
fn sync_rows(derived_table: &DerivedTable, in_persons: &str, source: &str) -> [String; 2] {
    let DerivedTable {
        table,
        keys,
        columns,
        ..
    } = derived_table;
    let key_values: Vec<String> = (0..=keys.len())
        .map(|index| format!("j.value ->> {index}"))
        .collect();
    let key_list = keys.join(", ");
    let delete = format!(
        "DELETE FROM {table} WHERE person_id{in_persons} \
         AND (person_id, {key_list}) NOT IN (SELECT {} FROM {source} AS j)",
        key_values.join(", ")
    );
    let column_names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    let column_values: Vec<&str> = columns.iter().map(|(_, value)| *value).collect();
    let updates: Vec<String> = column_names
        .iter()
        .map(|name| format!("{name} = excluded.{name}"))
        .collect();
    let changed: Vec<String> = column_names
        .iter()
        .map(|name| format!("{table}.{name} IS DISTINCT FROM excluded.{name}"))
        .collect();
    // `WHERE true` lets SQLite tell the upsert clause from a join constraint.
    let upsert = format!(
        "INSERT INTO {table} (person_id, {key_list}, {}) SELECT {}, {} FROM {source} AS j WHERE true \
         ON CONFLICT (person_id, {key_list}) DO UPDATE SET {} WHERE {}",
        column_names.join(", "),
        key_values.join(", "),
        column_values.join(", "),
        updates.join(", "),
        changed.join(" OR ")
    );
    [delete, upsert]
}

/// Rows being collected as JSON arrays of arrays of strings and nulls.
#[derive(Clone, Debug, Default)]
struct JsonRows {
    text: String,
}

impl JsonRows {
    fn push(&mut self, fields: &[Option<&str>]) {
        self.text.push(if self.text.is_empty() { '[' } else { ',' });
        self.text.push('[');
        for (index, field) in fields.iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            match field {
                Some(text) => push_json_string(&mut self.text, text),
                None => self.text.push_str("null"),
            }
        }
        self.text.push(']');
    }

    fn finish(&self) -> String {
        if self.text.is_empty() {
            "[]".to_owned()
        } else {
            format!("{}]", self.text)
        }
    }
}

/// Appends `text` as a JSON string.
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for character in text.chars() {
        match character {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            control if u32::from(control) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(control));
            }
            other => out.push(other),
        }
    }
    out.push('"');
}

/// Person ids as the JSON rows `select_person_data` takes.
pub fn id_rows<'p>(persons: impl IntoIterator<Item = &'p str>) -> String {
    let mut rows = JsonRows::default();
    for person in persons {
        rows.push(&[Some(person)]);
    }
    rows.finish()
}

fn flag(value: bool) -> &'static str {
    if value {
        "1"
    } else {
        "0"
    }
}

/// What one transaction writes: documents, decisions, the derived rows of
/// the persons they change, and audit entries.
#[derive(Clone, Debug, Default)]
pub struct ChangeSet {
    persons: JsonRows,
    documents: JsonRows,
    decisions: JsonRows,
    cases: JsonRows,
    employers: JsonRows,
    milestones: JsonRows,
    tasks: JsonRows,
    audit: JsonRows,
    /// Audit entries per person so far, for their order.
    n_audit: BTreeMap<String, u32>,
}

impl ChangeSet {
    pub fn is_empty(&self) -> bool {
        self.persons.text.is_empty() && self.audit.text.is_empty()
    }

    /// The person's unit and derived rows, replacing what is stored.
    pub fn derived(&mut self, person: &str, derived: &Derived, today: NaiveDate) {
        let unit = derived.unit.to_string();
        let register = derived.register.as_ref();
        self.persons.push(&[
            Some(person),
            Some(&unit),
            Some(&derived.unit_set_by_seq.to_string()),
            register.map(|record| record.name.given.as_str()),
            register.map(|record| record.name.family.as_str()),
            register.map(|record| record.address.street.as_str()),
            register.map(|record| record.address.postcode.as_str()),
            register.map(|record| record.address.city.as_str()),
        ]);
        for case in &derived.followup.cases {
            let start = date_text(case.start);
            let open_until = date_text(open_until(case.end));
            self.cases.push(&[
                Some(person),
                Some(&start),
                Some(&date_text(case.end)),
                Some(&open_until),
                Some(&case.sick_days.to_string()),
                Some(flag(case.graded_at_end)),
            ]);
            for employer in &case.employers {
                self.employers.push(&[
                    Some(person),
                    Some(&start),
                    Some(employer),
                    Some(&open_until),
                ]);
            }
            for milestone in &case.milestones {
                self.milestones.push(&[
                    Some(person),
                    Some(&start),
                    Some(milestone.kind.as_str()),
                    Some(&date_text(milestone.date)),
                    Some(flag(milestone.reached)),
                    Some(flag(milestone.required)),
                ]);
            }
        }
        for task in &derived.tasks {
            self.tasks.push(&[
                Some(person),
                Some(&task.id),
                Some(&date_text(task.case_start)),
                Some(task.kind.as_str()),
                Some(party_text(task.owner)),
                Some(&unit),
                Some(&date_text(task.due)),
                Some(task.state.as_str()),
                urgency_text(task, today),
                task.closed_because.as_deref(),
            ]);
        }
    }

    /// A document, its content written in [`STORAGE_FORMAT`].
    // One argument per column of the row; a struct for them would only be
    // unpacked here again.
    #[allow(clippy::too_many_arguments)]
    pub fn document(
        &mut self,
        person: &str,
        kind: &str,
        id: &str,
        seq: i64,
        content: &str,
        gp: Option<&str>,
        employer: Option<&str>,
    ) {
        self.documents.push(&[
            Some(person),
            Some(kind),
            Some(id),
            Some(&seq.to_string()),
            Some(content),
            gp,
            employer,
            Some(&STORAGE_FORMAT.to_string()),
        ]);
    }

    pub fn decision(&mut self, person: &str, seq: i64, task_id: &str, state: &str, reason: &str) {
        self.decisions.push(&[
            Some(person),
            Some(&seq.to_string()),
            Some(task_id),
            Some(state),
            Some(reason),
        ]);
    }

    pub fn audit(&mut self, person: &str, action: AuditAction, purpose: &str, permitted: bool) {
        let ordinal = self.n_audit.entry(person.to_owned()).or_insert(0);
        *ordinal += 1;
        self.audit.push(&[
            Some(person),
            Some(&ordinal.to_string()),
            Some(purpose),
            Some(action.as_str()),
            Some(flag(permitted)),
        ]);
    }

    /// The arguments of [`Scripts::write`].
    pub fn args<'a>(&self, actor: &'a Actor, now: Millis) -> Vec<Arg<'a>> {
        vec![
            Arg::Int(now),
            Arg::from(actor.username.as_str()),
            Arg::Int(actor.user_id),
            Arg::from(actor.role.as_str()),
            Arg::from(self.persons.finish()),
            Arg::from(self.documents.finish()),
            Arg::from(self.decisions.finish()),
            Arg::from(self.cases.finish()),
            Arg::from(self.employers.finish()),
            Arg::from(self.milestones.finish()),
            Arg::from(self.tasks.finish()),
            Arg::from(self.audit.finish()),
        ]
    }
}

/// The arguments of a one-row audit insert (`Backend::INSERT_AUDIT`).
pub fn audit_args<'a>(
    person: Arg<'a>,
    actor: &'a Actor,
    action: AuditAction,
    purpose: String,
    permitted: bool,
    now: Millis,
) -> Vec<Arg<'a>> {
    vec![
        person,
        Arg::Int(now),
        Arg::Int(actor.user_id),
        Arg::from(actor.username.as_str()),
        Arg::from(actor.role.as_str()),
        Arg::from(action.as_str()),
        Arg::from(purpose),
        Arg::Bool(permitted),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_write_script_uses_the_layout_and_ends_with_the_audit_entries() {
        let scripts = Scripts::new(
            |param| format!("json_each({param})"),
            |rows| format!(" IN (SELECT j.value ->> 0 FROM {rows} AS j)"),
            "AUDIT FROM {rows}",
        );
        let script = &scripts.write;
        assert_eq!(
            script.statements.last(),
            Some(&("AUDIT FROM json_each($12)".to_owned(), 12))
        );
        assert!(script
            .joined_with_commit
            .ends_with("AUDIT FROM json_each($12);\nCOMMIT"));
        assert!(!script.joined.contains("$13"));
        // As one statement: every statement but the last a `WITH` query.
        let n_statements = script.statements.len();
        assert!(script.as_one.starts_with("WITH w0 AS (INSERT INTO persons"));
        assert!(script
            .as_one
            .contains(&format!("w{} AS (", n_statements - 2)));
        assert!(!script
            .as_one
            .contains(&format!("w{} AS (", n_statements - 1)));
        assert!(script.as_one.ends_with("\nAUDIT FROM json_each($12)"));
        assert!(!script.as_one.contains(';'));
        assert!(scripts.select_person_data.contains("json_each($1)"));
    }

    #[test]
    fn the_highest_placeholder_is_found() {
        assert_eq!(highest_placeholder("SELECT $1, $14 WHERE x = $2"), 14);
        assert_eq!(highest_placeholder("SELECT 1"), 0);
    }

    #[test]
    fn rows_are_json_arrays_of_strings_and_nulls() {
        let mut rows = JsonRows::default();
        assert_eq!(rows.finish(), "[]");
        rows.push(&[Some("a\"b\\c\u{1}\n"), None]);
        rows.push(&[Some("æ")]);
        let text = rows.finish();
        assert_eq!(text, r#"[["a\"b\\c\u0001\n",null],["æ"]]"#);
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(parsed[0][0], "a\"b\\c\u{1}\n");
    }

    #[test]
    fn a_document_row_ends_with_the_storage_format() {
        let mut changes = ChangeSet::default();
        changes.document("p1", "case_note", "n1", 3, "{}", None, None);
        assert_eq!(
            changes.documents.finish(),
            format!(r#"[["p1","case_note","n1","3","{{}}",null,null,"{STORAGE_FORMAT}"]]"#)
        );
    }

    #[test]
    fn audit_entries_are_numbered_per_person() {
        let mut changes = ChangeSet::default();
        changes.audit("p1", AuditAction::StoreDocument, "x", true);
        changes.audit("p2", AuditAction::StoreDocument, "y", true);
        changes.audit("p1", AuditAction::StoreDocument, "z", true);
        assert_eq!(
            changes.audit.finish(),
            r#"[["p1","1","x","store_document","1"],["p2","1","y","store_document","1"],["p1","2","z","store_document","1"]]"#
        );
    }
}
