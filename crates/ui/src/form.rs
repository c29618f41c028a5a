//! Form fields as data, rendered by one askama macro (`templates/form.html`),
//! so every form has the same accessible markup: a label tied to its
//! control, a hint, the error next to the field (and in the page's error
//! summary), and what the user typed kept when the form comes back.
//!
//! Case-work forms are checked by the document parser of the contract
//! (`tilbake_contract::document`), so a form and the API accept exactly the
//! same; an error names a document field, which [`FormFields::set_error`]
//! maps back to the form field with that name.

/// One choice of a radio group, a group of check boxes or a select.
#[derive(Clone, Debug)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub checked: bool,
}

/// One field of a form.
#[derive(Clone, Debug)]
pub struct Field {
    /// The element id: unique on the page.
    pub id: String,
    /// The form field's name, and the document field it fills.
    pub name: String,
    pub label: String,
    pub hint: String,
    pub value: String,
    pub error: Option<String>,
    /// `text`, `area`, `date`, `datetime`, `radios`, `checks` or `select`.
    pub control: &'static str,
    pub choices: Vec<Choice>,
}

impl Field {
    fn new(name: &str, label: &str, control: &'static str) -> Field {
        Field {
            id: name.replace(['[', ']', '.'], "-"),
            name: name.to_owned(),
            label: label.to_owned(),
            hint: String::new(),
            value: String::new(),
            error: None,
            control,
            choices: Vec::new(),
        }
    }

    pub fn text(name: &str, label: &str) -> Field {
        Field::new(name, label, "text")
    }

    pub fn area(name: &str, label: &str) -> Field {
        Field::new(name, label, "area")
    }

    pub fn date(name: &str, label: &str) -> Field {
        Field::new(name, label, "date")
    }

    pub fn datetime(name: &str, label: &str) -> Field {
        Field::new(name, label, "datetime")
    }

    /// Radio buttons; `value` selects the checked one.
    pub fn radios(name: &str, label: &str, choices: &[(&str, &str)]) -> Field {
        Field::new(name, label, "radios").with_choices(choices)
    }

    /// Check boxes; each checked value is sent under `name`.
    pub fn checks(name: &str, label: &str, choices: &[(&str, &str)]) -> Field {
        Field::new(name, label, "checks").with_choices(choices)
    }

    pub fn select(name: &str, label: &str, choices: &[(&str, &str)]) -> Field {
        Field::new(name, label, "select").with_choices(choices)
    }

    fn with_choices(mut self, choices: &[(&str, &str)]) -> Field {
        self.choices = choices
            .iter()
            .map(|(value, label)| Choice {
                value: (*value).to_owned(),
                label: (*label).to_owned(),
                checked: false,
            })
            .collect();
        self
    }

    pub fn hint(mut self, hint: &str) -> Field {
        hint.clone_into(&mut self.hint);
        self
    }

    /// Sets the value (and the checked choices of radios, checks and selects).
    pub fn value(mut self, value: &str) -> Field {
        self.set_values(&[value.to_owned()]);
        self
    }

    fn set_values(&mut self, values: &[String]) {
        self.value = values.first().cloned().unwrap_or_default();
        for choice in &mut self.choices {
            choice.checked = values.contains(&choice.value);
        }
    }

    /// The value as the control holds it: a native date control takes only
    /// `ÅÅÅÅ-MM-DD` and a date-and-time control `ÅÅÅÅ-MM-DDTTT:MM`, so a date
    /// typed otherwise (`31.03.2027`) is given in that form; what is no date
    /// at all is kept as typed (a browser without the control shows it).
    pub fn control_value(&self) -> String {
        match self.control {
            "date" => crate::dates::normalise_date(&self.value),
            "datetime" => match crate::dates::parse_datetime(&self.value) {
                Some(at) => at.format("%Y-%m-%dT%H:%M").to_string(),
                None => self.value.clone(),
            },
            _ => self.value.clone(),
        }
    }

    /// The `type` of an `<input>`: `date`, `datetime-local` or `text`.
    pub fn input_type(&self) -> &'static str {
        match self.control {
            "date" => "date",
            "datetime" => "datetime-local",
            _ => "text",
        }
    }

    /// The id the error summary links to: the control, or a group's first choice.
    pub fn target(&self) -> String {
        if matches!(self.control, "radios" | "checks") {
            format!("{}-1", self.id)
        } else {
            self.id.clone()
        }
    }

    /// The `aria-describedby` of the control.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }
}

/// A form's fields, filled from a post and checked.
#[derive(Clone, Debug, Default)]
pub struct FormFields {
    pub fields: Vec<Field>,
}

impl FormFields {
    pub fn new(fields: Vec<Field>) -> FormFields {
        FormFields { fields }
    }

    /// Fills every field from posted pairs (trimmed), keeping what was typed;
    /// a date typed as `31.03.2027` is kept as `2027-03-31`, the API's form.
    pub fn fill(&mut self, posted: &[(String, String)]) {
        for field in &mut self.fields {
            let values: Vec<String> = posted
                .iter()
                .filter(|(name, _)| *name == field.name)
                .map(|(_, value)| match field.control {
                    "date" => crate::dates::normalise_date(value.trim()),
                    "datetime" => crate::dates::normalise_datetime(value.trim()),
                    _ => value.trim().to_owned(),
                })
                .collect();
            field.set_values(&values);
        }
    }

    /// A field's value ("" when missing).
    pub fn get(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|field| field.name == name)
            .map_or("", |field| field.value.as_str())
    }

    /// The checked values of a group.
    pub fn checked(&self, name: &str) -> Vec<&str> {
        self.fields
            .iter()
            .filter(|field| field.name == name)
            .flat_map(|field| field.choices.iter())
            .filter(|choice| choice.checked)
            .map(|choice| choice.value.as_str())
            .collect()
    }

    /// Puts an error on the field named `name`, or on the first field when
    /// none has that name (so an error is never lost).
    pub fn set_error(&mut self, name: &str, message: String) {
        let index = self
            .fields
            .iter()
            .position(|field| field.name == name)
            .unwrap_or(0);
        if let Some(field) = self.fields.get_mut(index) {
            field.error = Some(message);
        }
    }

    /// (target id, message) of each error, for the error summary.
    pub fn errors(&self) -> Vec<(String, String)> {
        self.fields
            .iter()
            .filter_map(|field| field.error.clone().map(|error| (field.target(), error)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_fills_values_and_checked_choices_and_errors_find_their_field() {
        let mut form = FormFields::new(vec![
            Field::text("place", "Place"),
            Field::checks("participants", "Who", &[("worker", "W"), ("gp", "G")]),
            Field::text("agreements[0].what", "What"),
        ]);
        form.fill(&[
            ("place".to_owned(), "  Room 1 ".to_owned()),
            ("participants".to_owned(), "gp".to_owned()),
        ]);
        assert_eq!(form.get("place"), "Room 1");
        assert_eq!(form.checked("participants"), vec!["gp"]);
        form.set_error("agreements[0].what", "Say what".to_owned());
        assert_eq!(
            form.errors(),
            vec![("agreements-0--what".to_owned(), "Say what".to_owned())]
        );
        assert_eq!(form.fields[1].target(), "participants-1");
    }

    #[test]
    fn date_controls_hold_the_iso_form_whatever_was_typed() {
        let date = Field::date("date", "Date").value("31.03.2027");
        assert_eq!(
            (date.input_type(), date.control_value().as_str()),
            ("date", "2027-03-31")
        );
        let at = Field::datetime("at", "At").value("31.03.2027 kl. 10.30");
        assert_eq!(
            (at.input_type(), at.control_value().as_str()),
            ("datetime-local", "2027-03-31T10:30")
        );
        assert_eq!(
            Field::date("date", "Date").value("snart").control_value(),
            "snart"
        );
        assert_eq!(
            Field::text("place", "Place")
                .value("31.03.2027")
                .input_type(),
            "text"
        );
    }
}
