//! The follow-up statistics pages: `GET /statistikk/nav` for caseworkers
//! (a quarter's table by a dimension as a bar chart and a table, its CSV,
//! the rates by the same dimension, the trend of the last ended quarters)
//! and `GET /statistikk`, the public page (national totals and rates only,
//! k = 5, no sign-in).
//!
//! Every count and rate comes protected from the domain
//! (`tilbake_domain::statistics`): this module only lays them out, and
//! shows a suppressed count as "skjult (under k)", never as a number or
//! zero. The CSV is the contract's CSV of the same table
//! (`tilbake_contract::statistics::table_csv`). The store keeps the case
//! records in memory until a document arrives, so the pages are quick after
//! the first read.
//!
//! It is not the place for counting, protecting or deciding who may see:
//! the access policy (`PageKind::Statistics`, `PageKind::PublicStatistics`)
//! and the store do that.

use std::collections::BTreeSet;

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use tilbake_contract::statistics::table_csv;
use tilbake_domain::access::policy::PageKind;
use tilbake_domain::statistics::{
    self, last_ended_quarters, national_rate, rate_table, trend, Column, Dimension, Quarter, Rate,
    RateKind, RateTable, DEFAULT_K,
};
use tilbake_store::CaseRecords;

use crate::host::Host;
use crate::lang::Lang;
use crate::page::{render, Exit, Frame, Page};
use crate::paths;
use crate::texts::{fill, Texts};

/// How many ended quarters the trend shows.
const TREND_QUARTERS: usize = 8;
/// The k of the pages: the contract's default, the public page's too.
const PAGE_K: u64 = DEFAULT_K;

/// The table chosen: a quarter that has ended, and a dimension.
#[derive(Clone, Copy)]
struct Choice {
    quarter: Quarter,
    by: Dimension,
}

/// The choice in the query (`quarter`, `by`); the last ended quarter and
/// the unit when not given. `None` for a value that is not one, or a
/// quarter that has not ended.
fn parse_choice(query: Option<&str>, today: NaiveDate) -> Option<Choice> {
    let pairs: Vec<(String, String)> = query
        .and_then(|query| serde_urlencoded::from_str(query).ok())
        .unwrap_or_default();
    let value_of = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let quarter = match value_of("quarter") {
        None => *last_ended_quarters(today, 1).first()?,
        Some(text) => Quarter::parse(&text).filter(|quarter| quarter.has_ended_before(today))?,
    };
    let by = match value_of("by") {
        None => Dimension::Unit,
        Some(text) => Dimension::parse(&text)?,
    };
    Some(Choice { quarter, by })
}

fn dimension_name(t: &Texts, by: Dimension) -> &'static str {
    match by {
        Dimension::Unit => t.statistics.by_unit,
        Dimension::DiagnosisChapter => t.statistics.by_diagnosis_chapter,
        Dimension::AgeBand => t.statistics.by_age_band,
        Dimension::Graded => t.statistics.by_graded,
    }
}

fn column_name(t: &Texts, column: Column) -> &'static str {
    match column {
        Column::None => t.statistics.column_none,
        Column::EmployerPeriodEnd => t.statistics.column_employer_period_end,
        Column::ActivityRequirement => t.statistics.column_activity_requirement,
        Column::DialogueMeeting2 => t.statistics.column_dialogue_meeting_2,
        Column::MaxDate => t.statistics.column_max_date,
    }
}

/// A count as shown: the number, or the suppressed mark.
fn count_text(t: &Texts, count: Option<u64>) -> String {
    count.map_or_else(
        || t.statistics.suppressed.to_owned(),
        |count| count.to_string(),
    )
}

/// A rate as `42,3 % (12 av 28)`.
fn rate_text(t: &Texts, lang: Lang, rate: Rate) -> String {
    let per_mille = rate.per_mille();
    let separator = if lang == Lang::Nb { ',' } else { '.' };
    let percent = format!("{}{separator}{}", per_mille / 10, per_mille % 10);
    fill(
        t.statistics.rate_value,
        &[
            ("percent", &percent),
            ("numerator", &rate.numerator),
            ("denominator", &rate.denominator),
        ],
    )
}

/// A line of protected counts: its label, its cells, its total.
type Counts = (String, Vec<Option<u64>>, Option<u64>);

/// One line of a table of counts: its label, its cells and total as shown.
struct CountRow {
    label: String,
    cells: Vec<CountCell>,
    total: CountCell,
}

struct CountCell {
    text: String,
    hidden: bool,
}

impl CountCell {
    fn of(t: &Texts, count: Option<u64>) -> CountCell {
        CountCell {
            text: count_text(t, count),
            hidden: count.is_none(),
        }
    }
}

fn count_row(t: &Texts, label: String, cells: &[Option<u64>], total: Option<u64>) -> CountRow {
    CountRow {
        label,
        cells: cells.iter().map(|count| CountCell::of(t, *count)).collect(),
        total: CountCell::of(t, total),
    }
}

/// A horizontal stacked bar chart of count rows, as SVG data.
struct Chart {
    id: &'static str,
    label: String,
    width: u64,
    height: u64,
    bars: Vec<Bar>,
}

struct Bar {
    label: String,
    label_y: u64,
    y: u64,
    segments: Vec<Segment>,
    value: String,
    value_x: u64,
}

struct Segment {
    class: &'static str,
    x: u64,
    width: u64,
    title: String,
    hatched: bool,
}

const CHART_LABEL_WIDTH: u64 = 160;
const CHART_BAR_WIDTH: u64 = 440;
const CHART_VALUE_WIDTH: u64 = 160;
const CHART_ROW_HEIGHT: u64 = 30;
const SEGMENT_CLASSES: [&str; 5] = [
    "stat-seg stat-seg--0",
    "stat-seg stat-seg--1",
    "stat-seg stat-seg--2",
    "stat-seg stat-seg--3",
    "stat-seg stat-seg--4",
];

/// The chart of rows of counts by the table's columns: a bar per row, a
/// segment per published non-zero count; where counts are suppressed and
/// the row's total is published, a hatched segment for what they hold
/// together (the total less the published counts, which the table shows
/// anyway); where the total is suppressed too, no length is drawn for them
/// and the bar ends in the suppressed mark.
fn chart(t: &Texts, id: &'static str, label: String, rows: &[Counts]) -> Chart {
    let published_sum = |cells: &[Option<u64>]| cells.iter().flatten().sum::<u64>();
    let scale = rows
        .iter()
        .map(|(_, cells, total)| total.unwrap_or_else(|| published_sum(cells)))
        .max()
        .unwrap_or(0)
        .max(1);
    let length = |count: u64| (count * CHART_BAR_WIDTH).div_ceil(scale);
    let bars = rows
        .iter()
        .zip(0_u64..)
        .map(|((group, cells, total), index)| {
            let y = 10 + index * CHART_ROW_HEIGHT;
            let mut x = CHART_LABEL_WIDTH;
            let mut segments = Vec::new();
            for ((count, column), class) in cells.iter().zip(Column::ALL).zip(SEGMENT_CLASSES) {
                if let Some(count) = count.filter(|count| *count > 0) {
                    let width = length(count);
                    segments.push(Segment {
                        class,
                        x,
                        width,
                        title: format!("{}: {count}", column_name(t, column)),
                        hatched: false,
                    });
                    x += width;
                }
            }
            if cells.iter().any(Option::is_none) {
                if let Some(total) = total {
                    let hidden = total.saturating_sub(published_sum(cells));
                    if hidden > 0 {
                        let width = length(hidden);
                        segments.push(Segment {
                            class: "stat-seg stat-seg--hidden",
                            x,
                            width,
                            title: t.statistics.remainder_hidden.to_owned(),
                            hatched: true,
                        });
                        x += width;
                    }
                }
            }
            Bar {
                label: group.clone(),
                label_y: y + 15,
                y,
                segments,
                value: count_text(t, *total),
                value_x: x + 6,
            }
        })
        .collect::<Vec<Bar>>();
    Chart {
        id,
        label,
        width: CHART_LABEL_WIDTH + CHART_BAR_WIDTH + CHART_VALUE_WIDTH,
        height: 20 + CHART_ROW_HEIGHT * (bars.len() as u64).max(1),
        bars,
    }
}

/// A rate column: which rate, which of its outcomes.
struct RateColumn {
    kind: RateKind,
    outcome: usize,
}

fn rate_columns(t: &Texts) -> Vec<(RateColumn, &'static str)> {
    let column = |kind, outcome| RateColumn { kind, outcome };
    vec![
        (column(RateKind::PlanShared, 0), t.statistics.rate_plan),
        (
            column(RateKind::Meeting2Held, 0),
            t.statistics.rate_meeting_2,
        ),
        (
            column(RateKind::ActivityRequirement, 0),
            t.statistics.rate_activity_fulfilled,
        ),
        (
            column(RateKind::ActivityRequirement, 1),
            t.statistics.rate_activity_exempt,
        ),
        (
            column(RateKind::ActivityRequirement, 2),
            t.statistics.rate_activity_not_fulfilled,
        ),
        (
            column(RateKind::ActivityRequirement, 3),
            t.statistics.rate_activity_not_assessed,
        ),
        (
            column(RateKind::AtWork12Months, 0),
            t.statistics.rate_at_work,
        ),
    ]
}

/// A table of rates: a row per group (or quarter), a cell per rate column.
struct RatesView {
    columns: Vec<&'static str>,
    rows: Vec<RatesRow>,
}

struct RatesRow {
    label: String,
    cells: Vec<String>,
}

/// A rate as shown: the rate, the suppressed mark when its numerator or
/// denominator is suppressed, "none" when no case applies.
fn shown_rate_text(t: &Texts, lang: Lang, rate: Option<Rate>, denominator: Option<u64>) -> String {
    match (rate, denominator) {
        (Some(rate), _) => rate_text(t, lang, rate),
        (None, Some(0)) => t.statistics.no_cases_short.to_owned(),
        (None, _) => t.statistics.suppressed.to_owned(),
    }
}

/// The rates of `quarter` by `by`: the national row, then a row per group.
fn rates_by_group(
    t: &Texts,
    lang: Lang,
    records: &CaseRecords,
    choice: Choice,
    today: NaiveDate,
) -> RatesView {
    let columns = rate_columns(t);
    let tables: Vec<Option<RateTable>> = columns
        .iter()
        .map(|(column, _)| {
            rate_table(
                &records.records,
                choice.quarter,
                choice.by,
                column.kind,
                today,
                PAGE_K,
            )
        })
        .collect();
    let groups: BTreeSet<&String> = tables
        .iter()
        .flatten()
        .flat_map(|table| &table.groups)
        .collect();
    let mut rows = vec![RatesRow {
        label: t.statistics.national.to_owned(),
        cells: columns
            .iter()
            .zip(&tables)
            .map(|((column, _), table)| match table {
                None => t.statistics.not_final.to_owned(),
                Some(table) => shown_rate_text(
                    t,
                    lang,
                    table.national(column.outcome),
                    table.counts.grand_total,
                ),
            })
            .collect(),
    }];
    for group in groups {
        rows.push(RatesRow {
            label: group.clone(),
            cells: columns
                .iter()
                .zip(&tables)
                .map(|((column, _), table)| match table {
                    None => t.statistics.not_final.to_owned(),
                    Some(table) => match table.groups.iter().position(|g| g == group) {
                        None => t.statistics.no_cases_short.to_owned(),
                        Some(row) => shown_rate_text(
                            t,
                            lang,
                            table.rate(row, column.outcome),
                            table.counts.row_totals.get(row).copied().flatten(),
                        ),
                    },
                })
                .collect(),
        });
    }
    RatesView {
        columns: columns.iter().map(|(_, label)| *label).collect(),
        rows,
    }
}

/// The national rates of each quarter.
fn rates_by_quarter(
    t: &Texts,
    lang: Lang,
    records: &CaseRecords,
    quarters: &[Quarter],
    today: NaiveDate,
) -> RatesView {
    let columns = rate_columns(t);
    let rows = quarters
        .iter()
        .map(|quarter| RatesRow {
            label: quarter.to_string(),
            cells: columns
                .iter()
                .map(|(column, _)| {
                    match national_rate(&records.records, *quarter, column.kind, today, PAGE_K) {
                        None => t.statistics.not_final.to_owned(),
                        Some(national) => {
                            shown_rate_text(t, lang, national.rate(column.outcome), national.total)
                        }
                    }
                })
                .collect(),
        })
        .collect();
    RatesView {
        columns: columns.iter().map(|(_, label)| *label).collect(),
        rows,
    }
}

/// The trend: the protected totals of each of the last ended quarters, as
/// a chart and as rows of a table.
fn trend_view(t: &Texts, records: &CaseRecords, quarters: &[Quarter]) -> (Chart, Vec<CountRow>) {
    let points = trend(&records.records, quarters, PAGE_K);
    let rows: Vec<Counts> = points
        .into_iter()
        .map(|point| {
            (
                point.quarter.to_string(),
                point.column_totals,
                point.grand_total,
            )
        })
        .collect();
    let chart = chart(
        t,
        "trend-chart",
        t.statistics.trend_chart_label.to_owned(),
        &rows,
    );
    let table = rows
        .into_iter()
        .map(|(label, cells, total)| count_row(t, label, &cells, total))
        .collect();
    (chart, table)
}

/// An option of a select.
struct SelectOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsTemplate {
    frame: Frame,
    t: &'static Texts,
    protection: String,
    public_href: &'static str,
    quarter_options: Vec<SelectOption>,
    by_options: Vec<SelectOption>,
    table_heading: String,
    columns: Vec<&'static str>,
    no_cases: bool,
    table_chart: Chart,
    table_rows: Vec<CountRow>,
    total_row: Option<CountRow>,
    /// The trend table has no total row.
    no_total: Option<CountRow>,
    csv_href: String,
    left_out: Option<String>,
    rates_intro: String,
    rates: RatesView,
    trend_intro: String,
    trend_chart: Chart,
    trend_rows: Vec<CountRow>,
}

fn protection_text(t: &Texts) -> String {
    fill(
        t.statistics.protection,
        &[("below", &(PAGE_K - 1)), ("k", &PAGE_K)],
    )
}

/// `GET /statistikk/nav?quarter=YYYYQn&by=DIMENSION`: a caseworker's
/// statistics page.
pub async fn page<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Statistics)?;
    let t = page.t;
    let Some(choice) = parse_choice(query.as_deref(), page.today) else {
        return Err(page.error(StatusCode::BAD_REQUEST).into());
    };
    let purpose = format!("{} {}", choice.quarter, choice.by.as_str());
    let records = host
        .store()
        .case_records(&viewer.actor, &purpose, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let table = statistics::table(
        &records.quarter(choice.quarter).cases,
        choice.quarter,
        choice.by,
        PAGE_K,
    );
    let by_name = dimension_name(t, choice.by);
    let quarter_text = choice.quarter.to_string();
    let mut quarters = last_ended_quarters(page.today, TREND_QUARTERS);
    if !quarters.contains(&choice.quarter) {
        quarters.push(choice.quarter);
        quarters.sort();
    }
    let chart_rows: Vec<Counts> = table
        .groups
        .iter()
        .zip(&table.counts.cells)
        .zip(&table.counts.row_totals)
        .map(|((group, cells), total)| (group.clone(), cells.clone(), *total))
        .collect();
    let trend_quarters = last_ended_quarters(page.today, TREND_QUARTERS);
    let (trend_chart, trend_rows) = trend_view(t, &records, &trend_quarters);
    let template = StatisticsTemplate {
        frame: page.frame(t.statistics.title),
        t,
        protection: protection_text(t),
        public_href: paths::PUBLIC_STATISTICS,
        quarter_options: quarters
            .iter()
            .rev()
            .map(|quarter| SelectOption {
                value: quarter.to_string(),
                label: quarter.to_string(),
                selected: *quarter == choice.quarter,
            })
            .collect(),
        by_options: Dimension::ALL
            .into_iter()
            .map(|by| SelectOption {
                value: by.as_str().to_owned(),
                label: dimension_name(t, by).to_owned(),
                selected: by == choice.by,
            })
            .collect(),
        table_heading: fill(
            t.statistics.table_heading,
            &[("quarter", &quarter_text), ("by", &by_name.to_lowercase())],
        ),
        columns: Column::ALL
            .into_iter()
            .map(|column| column_name(t, column))
            .collect(),
        no_cases: table.groups.is_empty(),
        table_chart: chart(
            t,
            "table-chart",
            fill(
                t.statistics.chart_label,
                &[("quarter", &quarter_text), ("by", &by_name.to_lowercase())],
            ),
            &chart_rows,
        ),
        table_rows: chart_rows
            .iter()
            .map(|(group, cells, total)| count_row(t, group.clone(), cells, *total))
            .collect(),
        total_row: Some(count_row(
            t,
            t.statistics.total_row.to_owned(),
            &table.counts.column_totals,
            table.counts.grand_total,
        )),
        no_total: None,
        csv_href: format!(
            "{}?quarter={}&by={}",
            paths::STATISTICS_CSV,
            choice.quarter,
            choice.by.as_str()
        ),
        left_out: (records.n_persons_without_followup > 0).then(|| {
            fill(
                t.statistics.left_out,
                &[("count", &records.n_persons_without_followup)],
            )
        }),
        rates_intro: fill(
            t.statistics.rates_intro,
            &[("quarter", &quarter_text), ("by", &by_name.to_lowercase())],
        ),
        rates: rates_by_group(t, page.lang, &records, choice, page.today),
        trend_intro: fill(t.statistics.trend_intro, &[("count", &TREND_QUARTERS)]),
        trend_chart,
        trend_rows,
    };
    Ok(render(&template, StatusCode::OK))
}

/// `GET /statistikk/nav/csv?quarter=YYYYQn&by=DIMENSION`: the same table as
/// the contract's CSV (`tilbake stats --format csv`), k = 5.
pub async fn csv<S: Host>(
    page: Page,
    State(host): State<S>,
    RawQuery(query): RawQuery,
) -> Result<Response, Exit> {
    let viewer = page.require(PageKind::Statistics)?;
    let Some(choice) = parse_choice(query.as_deref(), page.today) else {
        return Err(page.error(StatusCode::BAD_REQUEST).into());
    };
    let counted = host
        .store()
        .quarter_cases(&viewer.actor, choice.quarter, page.now)
        .await
        .map_err(|error| page.store_error(error))?;
    let table = statistics::table(&counted.cases, choice.quarter, choice.by, PAGE_K);
    let filename = format!(
        "attachment; filename=\"statistikk-{}-{}.csv\"",
        choice.quarter,
        choice.by.as_str()
    );
    let mut response = table_csv(&table).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&filename) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    Ok(response)
}

#[derive(Template)]
#[template(path = "statistics_public.html")]
struct PublicTemplate {
    frame: Frame,
    t: &'static Texts,
    protection: String,
    columns: Vec<&'static str>,
    trend_intro: String,
    trend_chart: Chart,
    trend_rows: Vec<CountRow>,
    no_total: Option<CountRow>,
    rates: RatesView,
}

/// `GET /statistikk`: national totals and rates of the last ended
/// quarters, for anyone (the policy needs no principal here), k = 5.
pub async fn public_page<S: Host>(page: Page, State(host): State<S>) -> Result<Response, Exit> {
    page.require_open(PageKind::PublicStatistics)?;
    let t = page.t;
    let records = host
        .store()
        .public_case_records()
        .await
        .map_err(|error| page.store_error(error))?;
    let quarters = last_ended_quarters(page.today, TREND_QUARTERS);
    let (trend_chart, trend_rows) = trend_view(t, &records, &quarters);
    let template = PublicTemplate {
        frame: page.frame(t.statistics.public_title),
        t,
        protection: protection_text(t),
        columns: Column::ALL
            .into_iter()
            .map(|column| column_name(t, column))
            .collect(),
        trend_intro: fill(t.statistics.trend_intro, &[("count", &TREND_QUARTERS)]),
        trend_chart,
        trend_rows,
        no_total: None,
        rates: rates_by_quarter(t, page.lang, &records, &quarters, page.today),
    };
    Ok(render(&template, StatusCode::OK))
}
