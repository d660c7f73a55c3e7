//! Reports: `GET /reports/working-time` (JSON) and `GET /reports/working-time.csv` (a CSV file, UTF-8 with a byte-order
//! mark so that Excel reads accents, in the company's time zone, headers in the `lang` asked for).

use actix_web::{HttpResponse, get, http::header, web};
use blocopro_app::reports::{self, ReportRange, WorkingTimeReport};
use blocopro_domain::Timestamp;
use blocopro_domain::reports::Granularity;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::extract::{QueryParams, Validate};
use crate::state::ApiState;

pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(working_time).service(working_time_csv);
}

/// The language of a CSV file's headers.
#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
pub enum CsvLanguage {
    #[default]
    #[serde(rename = "pt-BR")]
    PtBr,
    #[serde(rename = "en")]
    En,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkingTimeQuery {
    /// First day of the range, in the company's time zone.
    #[param(value_type = String, format = Date, example = "2026-12-01")]
    pub from: Date,
    /// Last day of the range (included); at most 366 days after `from`.
    #[param(value_type = String, format = Date, example = "2026-12-31")]
    pub to: Date,
    /// How rows split the range (default `day`).
    #[serde(default = "by_day")]
    #[param(inline)]
    pub granularity: Granularity,
    /// Only this attendant.
    pub user_id: Option<Uuid>,
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

fn by_day() -> Granularity {
    Granularity::Day
}

impl WorkingTimeQuery {
    fn range(&self) -> ReportRange {
        ReportRange { from: self.from, to: self.to, granularity: self.granularity }
    }
}

// The range is checked once, by the application (`ReportRange::validate`).
impl Validate for WorkingTimeQuery {}

/// One attendant in one day, week or month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkingTimeRowView {
    pub user_id: Uuid,
    pub user_name: String,
    /// The day, or the first day of the week or month (clipped to the range), in the company's zone.
    #[schema(value_type = String, format = Date)]
    pub first_day: Date,
    pub online_seconds: i64,
    pub away_seconds: i64,
    pub offline_seconds: i64,
    /// Online or away while the attendant's access hours were closed (should be zero).
    pub outside_access_hours_seconds: i64,
    /// When they first came online or away in it.
    pub first_online_at: Option<Timestamp>,
    /// When they last stopped working in it (now, while they still are).
    pub last_online_at: Option<Timestamp>,
}

/// Working time per attendant and day, week or month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkingTimeReportView {
    /// The company's time zone, which the days are read in.
    pub timezone: String,
    pub items: Vec<WorkingTimeRowView>,
}

impl From<WorkingTimeReport> for WorkingTimeReportView {
    fn from(report: WorkingTimeReport) -> Self {
        let items = report
            .rows
            .into_iter()
            .map(|row| WorkingTimeRowView {
                user_id: row.time.user_id,
                user_name: row.user_name,
                first_day: row.time.first_day,
                online_seconds: row.time.online_seconds,
                away_seconds: row.time.away_seconds,
                offline_seconds: row.time.offline_seconds,
                outside_access_hours_seconds: row.time.outside_access_hours_seconds,
                first_online_at: row.time.first_online_at,
                last_online_at: row.time.last_online_at,
            })
            .collect();
        Self { timezone: report.timezone, items }
    }
}

/// Working time: per attendant and day, week or month, time online, away and offline, time worked outside access
/// hours, and the first and last moment at work.
#[utoipa::path(
    operation_id = "working_time_report",
    tag = "reports",
    security(("bearer" = [])),
    params(WorkingTimeQuery),
    responses(
        (status = 200, description = "The report", body = WorkingTimeReportView),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range, or a `user_id` that is not the company's", body = Problem),
    )
)]
#[get("/reports/working-time")]
async fn working_time(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<WorkingTimeQuery>,
) -> ApiResult<web::Json<WorkingTimeReportView>> {
    let QueryParams(query) = query;
    let report = reports::working_time_report(&state, &auth, &query.range(), query.user_id).await?;
    Ok(web::Json(report.into()))
}

/// The working-time report as a CSV file.
#[utoipa::path(
    operation_id = "working_time_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(WorkingTimeQuery),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range, or a `user_id` that is not the company's", body = Problem),
    )
)]
#[get("/reports/working-time.csv")]
async fn working_time_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<WorkingTimeQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report = reports::working_time_report(&state, &auth, &query.range(), query.user_id).await?;
    let body = working_time_file(&report, query.lang).map_err(|error| ApiError::internal(&error.to_string()))?;
    let name = format!("jornada-{}-{}.csv", query.from, query.to);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body))
}

const WORKING_TIME_HEADERS_PT: [&str; 9] = [
    "atendente",
    "inicio_do_periodo",
    "online",
    "ausente",
    "offline",
    "fora_do_horario_de_acesso",
    "primeira_entrada",
    "ultima_saida",
    "fuso_horario",
];
const WORKING_TIME_HEADERS_EN: [&str; 9] = [
    "attendant",
    "period_start",
    "online",
    "away",
    "offline",
    "outside_access_hours",
    "first_online",
    "last_online",
    "time_zone",
];

/// The file: a byte-order mark, then headers and rows; durations as `H:MM`, moments as local `YYYY-MM-DD HH:MM`.
fn working_time_file(report: &WorkingTimeReport, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let zone = TimeZone::get(&report.timezone).unwrap_or(TimeZone::UTC);
    let mut file = csv::Writer::from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    file.write_record(match lang {
        CsvLanguage::PtBr => WORKING_TIME_HEADERS_PT,
        CsvLanguage::En => WORKING_TIME_HEADERS_EN,
    })?;
    let local = |moment: Option<Timestamp>| {
        moment.map(|at| at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
    };
    for row in &report.rows {
        let time = &row.time;
        file.write_record([
            row.user_name.clone(),
            time.first_day.to_string(),
            clock(time.online_seconds),
            clock(time.away_seconds),
            clock(time.offline_seconds),
            clock(time.outside_access_hours_seconds),
            local(time.first_online_at),
            local(time.last_online_at),
            report.timezone.clone(),
        ])?;
    }
    file.into_inner().map_err(|error| error.into_error().into())
}

/// Seconds as hours and minutes, `H:MM` (a day online is `24:00`).
fn clock(seconds: i64) -> String {
    let minutes = seconds / 60;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use blocopro_app::reports::WorkingTimeRow;
    use blocopro_domain::reports::WorkingTime;

    #[test]
    fn the_file_opens_in_excel_with_accents_and_local_times() {
        let time = WorkingTime {
            user_id: Uuid::nil(),
            first_day: "2026-12-01".parse().unwrap(),
            online_seconds: 8 * 3600 + 30 * 60,
            away_seconds: 45 * 60,
            offline_seconds: 0,
            outside_access_hours_seconds: 0,
            first_online_at: Some("2026-12-01T11:05:00Z".parse().unwrap()),
            last_online_at: None,
        };
        let report = WorkingTimeReport {
            timezone: "America/Sao_Paulo".into(),
            rows: vec![WorkingTimeRow { user_name: "Conceição, \"Ção\"".into(), time }],
        };
        let file = String::from_utf8(working_time_file(&report, CsvLanguage::PtBr).unwrap()).unwrap();
        let mut lines = file.lines();
        assert!(lines.next().unwrap().starts_with("\u{feff}atendente,inicio_do_periodo,online"));
        assert_eq!(
            lines.next().unwrap(),
            "\"Conceição, \"\"Ção\"\"\",2026-12-01,8:30,0:45,0:00,0:00,2026-12-01 08:05,,America/Sao_Paulo"
        );
    }
}
