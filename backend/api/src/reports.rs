//! Reports: working time (`GET /reports/working-time`), service (`GET /reports/service`), the queues now
//! (`GET /reports/queues`), volume (`GET /reports/volume`) and groups (`GET /reports/groups`, and their most active
//! participants, `GET /reports/groups/participants`), each as JSON and as a CSV file (`….csv`: UTF-8 with a byte-order mark so that Excel reads
//! accents, in the company's time zone, headers in the `lang` asked for).

use actix_web::{HttpResponse, get, http::header, web};
use blocopro_app::reports::{
    self, GroupsReport, ParticipantsReport, QueuesReport, ReportRange, ServiceReport, VolumeReport, WorkingTimeReport,
};
use blocopro_domain::Timestamp;
use blocopro_domain::access_hours::Weekday;
use blocopro_domain::reports::Granularity;
use blocopro_domain::reports::groups::DEFAULT_TOP;
use blocopro_domain::reports::service::{DurationFigures, ServiceGrouping, seconds_since};
use blocopro_domain::reports::volume::WEEK;
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
    cfg.service(working_time)
        .service(working_time_csv)
        .service(service)
        .service(service_csv)
        .service(queues)
        .service(queues_csv)
        .service(volume)
        .service(volume_csv)
        .service(group_messages)
        .service(group_messages_csv)
        .service(group_participants)
        .service(group_participants_csv);
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
    csv_download(&format!("jornada-{}-{}.csv", query.from, query.to), working_time_file(&report, query.lang))
}

/// A CSV file to download, named `name`.
fn csv_download(name: &str, file: Result<Vec<u8>, csv::Error>) -> ApiResult<HttpResponse> {
    let body = file.map_err(|error| ApiError::internal(&error.to_string()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")))
        .body(body))
}

/// A file Excel opens: a byte-order mark, then the headers and the rows.
fn csv_file<const N: usize>(
    headers: [&str; N],
    rows: impl IntoIterator<Item = [String; N]>,
) -> Result<Vec<u8>, csv::Error> {
    let mut file = csv::Writer::from_writer(Vec::from(*b"\xEF\xBB\xBF"));
    file.write_record(headers)?;
    for row in rows {
        file.write_record(row)?;
    }
    file.into_inner().map_err(|error| error.into_error().into())
}

/// A moment as local `YYYY-MM-DD HH:MM` in `zone`; empty for none.
fn local(zone: &TimeZone, moment: Option<Timestamp>) -> String {
    moment.map(|at| at.to_zoned(zone.clone()).strftime("%Y-%m-%d %H:%M").to_string()).unwrap_or_default()
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

/// The file: durations as `H:MM`, moments as local `YYYY-MM-DD HH:MM`.
fn working_time_file(report: &WorkingTimeReport, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let zone = TimeZone::get(&report.timezone).unwrap_or(TimeZone::UTC);
    let headers = match lang {
        CsvLanguage::PtBr => WORKING_TIME_HEADERS_PT,
        CsvLanguage::En => WORKING_TIME_HEADERS_EN,
    };
    csv_file(
        headers,
        report.rows.iter().map(|row| {
            let time = &row.time;
            [
                row.user_name.clone(),
                time.first_day.to_string(),
                clock(time.online_seconds),
                clock(time.away_seconds),
                clock(time.offline_seconds),
                clock(time.outside_access_hours_seconds),
                local(&zone, time.first_online_at),
                local(&zone, time.last_online_at),
                report.timezone.clone(),
            ]
        }),
    )
}

/// Seconds as hours and minutes, `H:MM` (a day online is `24:00`).
fn clock(seconds: i64) -> String {
    let minutes = seconds / 60;
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
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
    /// What rows are per (default `attendant`).
    #[serde(default = "by_attendant")]
    #[param(inline)]
    pub group_by: ServiceGrouping,
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

fn by_attendant() -> ServiceGrouping {
    ServiceGrouping::Attendant
}

impl ServiceQuery {
    fn range(&self) -> ReportRange {
        ReportRange { from: self.from, to: self.to, granularity: self.granularity }
    }
}

// The range is checked once, by the application (`ReportRange::validate`).
impl Validate for ServiceQuery {}

/// One attendant, department or channel in one day, week or month. Events count in the span they happened in;
/// a duration counts in the span of its end (the first response, the closing).
#[derive(Serialize, utoipa::ToSchema)]
pub struct ServiceRowView {
    /// The day, or the first day of the week or month (clipped to the range), in the company's zone.
    #[schema(value_type = String, format = Date)]
    pub first_day: Date,
    /// The attendant, department or channel; `null` for none (no department; events of nobody's, such as the
    /// conversations received, when grouped by attendant).
    pub id: Option<Uuid>,
    pub name: String,
    /// Service cycles started: conversations created or reopened.
    pub received: i64,
    /// Taken by or given to the attendant.
    pub taken: i64,
    /// Transferred (by the attendant, or to the department).
    pub transferred: i64,
    /// Closed (by the attendant).
    pub closed: i64,
    /// From the cycle's start to the first attendant's message.
    pub first_response_median_seconds: Option<i64>,
    pub first_response_p90_seconds: Option<i64>,
    /// From the cycle's start to its closing.
    pub resolution_median_seconds: Option<i64>,
    pub resolution_p90_seconds: Option<i64>,
    /// Messages sent in direct conversations (per attendant: those they wrote).
    pub messages_sent: i64,
    /// Messages received in direct conversations (none per attendant).
    pub messages_received: i64,
}

/// Service per attendant, department or channel and day, week or month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ServiceReportView {
    /// The company's time zone, which the days are read in.
    pub timezone: String,
    #[schema(inline)]
    pub group_by: ServiceGrouping,
    pub items: Vec<ServiceRowView>,
}

impl From<ServiceReport> for ServiceReportView {
    fn from(report: ServiceReport) -> Self {
        let items = report
            .rows
            .into_iter()
            .map(|row| {
                let figures = row.figures;
                ServiceRowView {
                    first_day: row.first_day,
                    id: figures.key,
                    name: row.name,
                    received: figures.received,
                    taken: figures.taken,
                    transferred: figures.transferred,
                    closed: figures.closed,
                    first_response_median_seconds: figures.first_response.median,
                    first_response_p90_seconds: figures.first_response.p90,
                    resolution_median_seconds: figures.resolution.median,
                    resolution_p90_seconds: figures.resolution.p90,
                    messages_sent: figures.messages_sent,
                    messages_received: figures.messages_received,
                }
            })
            .collect();
        Self { timezone: report.timezone, group_by: report.group_by, items }
    }
}

/// Service: per attendant, department or channel and day, week or month, conversations received, taken,
/// transferred and closed, first-response and resolution times (median and 90th percentile), messages sent and
/// received. Spans that have not begun are left out. Per department, an event or a message counts in the
/// department the conversation was in at the time: a transfer moves what follows, and the greeting menu's
/// choice takes the service cycle along from its start.
#[utoipa::path(
    operation_id = "service_report",
    tag = "reports",
    security(("bearer" = [])),
    params(ServiceQuery),
    responses(
        (status = 200, description = "The report", body = ServiceReportView),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/service")]
async fn service(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ServiceQuery>,
) -> ApiResult<web::Json<ServiceReportView>> {
    let QueryParams(query) = query;
    let report = reports::service_report(&state, &auth, &query.range(), query.group_by).await?;
    Ok(web::Json(report.into()))
}

/// The service report as a CSV file.
#[utoipa::path(
    operation_id = "service_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(ServiceQuery),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/service.csv")]
async fn service_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ServiceQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report = reports::service_report(&state, &auth, &query.range(), query.group_by).await?;
    csv_download(&format!("atendimento-{}-{}.csv", query.from, query.to), service_file(&report, query.lang))
}

const SERVICE_HEADERS_PT: [&str; 12] = [
    "",
    "inicio_do_periodo",
    "recebidas",
    "assumidas",
    "transferidas",
    "encerradas",
    "primeira_resposta_mediana",
    "primeira_resposta_p90",
    "resolucao_mediana",
    "resolucao_p90",
    "mensagens_enviadas",
    "mensagens_recebidas",
];
const SERVICE_HEADERS_EN: [&str; 12] = [
    "",
    "period_start",
    "received",
    "taken",
    "transferred",
    "closed",
    "first_response_median",
    "first_response_p90",
    "resolution_median",
    "resolution_p90",
    "messages_sent",
    "messages_received",
];

/// The file: a row per group and span, the group named in the first column; durations as `H:MM:SS`.
fn service_file(report: &ServiceReport, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let (mut headers, group) = match (lang, report.group_by) {
        (CsvLanguage::PtBr, ServiceGrouping::Attendant) => (SERVICE_HEADERS_PT, "atendente"),
        (CsvLanguage::PtBr, ServiceGrouping::Department) => (SERVICE_HEADERS_PT, "departamento"),
        (CsvLanguage::PtBr, ServiceGrouping::Channel) => (SERVICE_HEADERS_PT, "canal"),
        (CsvLanguage::En, grouping) => (SERVICE_HEADERS_EN, grouping.as_str()),
    };
    headers[0] = group;
    let durations = |figures: DurationFigures| [figures.median, figures.p90].map(stopwatch);
    csv_file(
        headers,
        report.rows.iter().map(|row| {
            let figures = &row.figures;
            let [response_median, response_p90] = durations(figures.first_response);
            let [resolution_median, resolution_p90] = durations(figures.resolution);
            [
                row.name.clone(),
                row.first_day.to_string(),
                figures.received.to_string(),
                figures.taken.to_string(),
                figures.transferred.to_string(),
                figures.closed.to_string(),
                response_median,
                response_p90,
                resolution_median,
                resolution_p90,
                figures.messages_sent.to_string(),
                figures.messages_received.to_string(),
            ]
        }),
    )
}

/// Seconds as `H:MM:SS`; empty for none.
fn stopwatch(seconds: Option<i64>) -> String {
    seconds.map(|seconds| format!("{}:{:02}", clock(seconds), seconds % 60)).unwrap_or_default()
}

/// A department's queue now.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueView {
    /// `null` for the conversations in no department.
    pub department_id: Option<Uuid>,
    pub department_name: String,
    /// Direct conversations waiting for an attendant (pending, nobody's, not choosing from the menu).
    pub waiting: i64,
    /// When the longest waiting one's service cycle started (the contact's message that opened it).
    pub oldest_waiting_since: Timestamp,
    pub oldest_wait_seconds: i64,
}

/// The queues now.
#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuesReportView {
    pub timezone: String,
    pub items: Vec<QueueView>,
}

impl From<QueuesReport> for QueuesReportView {
    fn from(report: QueuesReport) -> Self {
        let items = report
            .queues
            .into_iter()
            .map(|queue| QueueView {
                department_id: queue.waiting.department_id,
                department_name: queue.department_name,
                waiting: queue.waiting.waiting,
                oldest_waiting_since: queue.waiting.oldest_since,
                oldest_wait_seconds: seconds_since(queue.waiting.oldest_since, report.now),
            })
            .collect();
        Self { timezone: report.timezone, items }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueuesQuery {
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

impl Validate for QueuesQuery {}

/// The queues now: per department, the direct conversations waiting for an attendant and the longest wait.
#[utoipa::path(
    operation_id = "queues_report",
    tag = "reports",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The queues", body = QueuesReportView),
        (status = 403, description = "Missing `reports.view`", body = Problem),
    )
)]
#[get("/reports/queues")]
async fn queues(state: web::Data<ApiState>, auth: AuthUser) -> ApiResult<web::Json<QueuesReportView>> {
    Ok(web::Json(reports::queues_report(&state, &auth).await?.into()))
}

/// The queues now as a CSV file.
#[utoipa::path(
    operation_id = "queues_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(QueuesQuery),
    responses(
        (status = 200, description = "The queues as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`", body = Problem),
    )
)]
#[get("/reports/queues.csv")]
async fn queues_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<QueuesQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report = QueuesReportView::from(reports::queues_report(&state, &auth).await?);
    csv_download("filas.csv", queues_file(&report, query.lang))
}

const QUEUES_HEADERS_PT: [&str; 5] =
    ["departamento", "aguardando", "espera_mais_antiga_desde", "espera_mais_antiga", "fuso_horario"];
const QUEUES_HEADERS_EN: [&str; 5] = ["department", "waiting", "oldest_waiting_since", "oldest_wait", "time_zone"];

fn queues_file(report: &QueuesReportView, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let zone = TimeZone::get(&report.timezone).unwrap_or(TimeZone::UTC);
    let headers = match lang {
        CsvLanguage::PtBr => QUEUES_HEADERS_PT,
        CsvLanguage::En => QUEUES_HEADERS_EN,
    };
    csv_file(
        headers,
        report.items.iter().map(|queue| {
            [
                queue.department_name.clone(),
                queue.waiting.to_string(),
                local(&zone, Some(queue.oldest_waiting_since)),
                stopwatch(Some(queue.oldest_wait_seconds)),
                report.timezone.clone(),
            ]
        }),
    )
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VolumeQuery {
    /// First day of the range, in the company's time zone.
    #[param(value_type = String, format = Date, example = "2026-12-01")]
    pub from: Date,
    /// Last day of the range (included); at most 366 days after `from`.
    #[param(value_type = String, format = Date, example = "2026-12-31")]
    pub to: Date,
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

// The range is checked once, by the application (`ReportRange::validate`).
impl Validate for VolumeQuery {}

/// One weekday of the heatmap.
#[derive(Serialize, utoipa::ToSchema)]
pub struct VolumeDayView {
    pub weekday: Weekday,
    /// Conversations started in each hour of the day, from 0h (`hours[0]`, 00:00 to 00:59) to 23h, local time.
    pub hours: Vec<i64>,
    pub total: i64,
}

/// Conversations started per weekday and hour of the day.
#[derive(Serialize, utoipa::ToSchema)]
pub struct VolumeReportView {
    /// The company's time zone, which the weekdays and hours are read in.
    pub timezone: String,
    /// Monday to Sunday.
    pub days: Vec<VolumeDayView>,
    pub total: i64,
    /// The busiest hour's count (the heatmap's darkest cell).
    pub max: i64,
}

impl From<VolumeReport> for VolumeReportView {
    fn from(report: VolumeReport) -> Self {
        let days: Vec<VolumeDayView> = WEEK
            .iter()
            .zip(report.cells)
            .map(|(&weekday, hours)| VolumeDayView { weekday, total: hours.iter().sum(), hours: hours.to_vec() })
            .collect();
        let total = days.iter().map(|day| day.total).sum();
        let max = report.cells.iter().flatten().copied().max().unwrap_or(0);
        Self { timezone: report.timezone, days, total, max }
    }
}

/// Volume: conversations started (a conversation created, or reopened after being closed: the service report's
/// "received") per weekday and hour of the day in the company's time zone, over the range; a heatmap to plan shifts.
#[utoipa::path(
    operation_id = "volume_report",
    tag = "reports",
    security(("bearer" = [])),
    params(VolumeQuery),
    responses(
        (status = 200, description = "The report", body = VolumeReportView),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/volume")]
async fn volume(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<VolumeQuery>,
) -> ApiResult<web::Json<VolumeReportView>> {
    let QueryParams(query) = query;
    Ok(web::Json(reports::volume_report(&state, &auth, query.from, query.to).await?.into()))
}

/// The volume report as a CSV file: a row per weekday, a column per hour.
#[utoipa::path(
    operation_id = "volume_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(VolumeQuery),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/volume.csv")]
async fn volume_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<VolumeQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report = VolumeReportView::from(reports::volume_report(&state, &auth, query.from, query.to).await?);
    csv_download(&format!("volume-{}-{}.csv", query.from, query.to), volume_file(&report, query.lang))
}

/// A weekday's name in the file's language.
fn weekday_name(weekday: Weekday, lang: CsvLanguage) -> &'static str {
    use Weekday::*;
    match (lang, weekday) {
        (CsvLanguage::PtBr, Monday) => "segunda-feira",
        (CsvLanguage::PtBr, Tuesday) => "terça-feira",
        (CsvLanguage::PtBr, Wednesday) => "quarta-feira",
        (CsvLanguage::PtBr, Thursday) => "quinta-feira",
        (CsvLanguage::PtBr, Friday) => "sexta-feira",
        (CsvLanguage::PtBr, Saturday) => "sábado",
        (CsvLanguage::PtBr, Sunday) => "domingo",
        (CsvLanguage::En, Monday) => "Monday",
        (CsvLanguage::En, Tuesday) => "Tuesday",
        (CsvLanguage::En, Wednesday) => "Wednesday",
        (CsvLanguage::En, Thursday) => "Thursday",
        (CsvLanguage::En, Friday) => "Friday",
        (CsvLanguage::En, Saturday) => "Saturday",
        (CsvLanguage::En, Sunday) => "Sunday",
    }
}

/// The file: the heatmap as a sheet, a row per weekday (Monday first) and a column per hour (`00` to `23`), then the
/// day's total and the zone.
fn volume_file(report: &VolumeReportView, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let hours: Vec<String> = (0..24).map(|hour| format!("{hour:02}")).collect();
    let (first, last) = match lang {
        CsvLanguage::PtBr => ("dia_da_semana", ["total", "fuso_horario"]),
        CsvLanguage::En => ("weekday", ["total", "time_zone"]),
    };
    let mut headers: [&str; 27] = [""; 27];
    headers[0] = first;
    for (header, hour) in headers[1..25].iter_mut().zip(&hours) {
        *header = hour;
    }
    headers[25..].copy_from_slice(&last);
    csv_file(
        headers,
        report.days.iter().map(|day| {
            let mut row: [String; 27] = std::array::from_fn(|_| String::new());
            row[0] = weekday_name(day.weekday, lang).to_owned();
            for (cell, count) in row[1..25].iter_mut().zip(&day.hours) {
                *cell = count.to_string();
            }
            row[25] = day.total.to_string();
            row[26] = report.timezone.clone();
            row
        }),
    )
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GroupsQuery {
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
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

impl GroupsQuery {
    fn range(&self) -> ReportRange {
        ReportRange { from: self.from, to: self.to, granularity: self.granularity }
    }
}

// The range is checked once, by the application (`ReportRange::validate`).
impl Validate for GroupsQuery {}

/// An imported group and its messages over the whole range.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupTotalView {
    pub id: Uuid,
    pub subject: String,
    pub messages: i64,
}

/// One group's messages in one day, week or month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupRowView {
    /// The day, or the first day of the week or month (clipped to the range), in the company's zone.
    #[schema(value_type = String, format = Date)]
    pub first_day: Date,
    pub group_id: Uuid,
    pub subject: String,
    pub messages: i64,
}

/// Messages per imported group and day, week or month.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GroupsReportView {
    /// The company's time zone, which the days are read in.
    pub timezone: String,
    /// Every imported group the caller may see, by subject, with its messages over the range (0 for none).
    pub groups: Vec<GroupTotalView>,
    /// The days, weeks or months in which a group had messages: in time order, then by subject.
    pub items: Vec<GroupRowView>,
}

impl From<GroupsReport> for GroupsReportView {
    fn from(report: GroupsReport) -> Self {
        let groups = report
            .groups
            .into_iter()
            .map(|group| GroupTotalView { id: group.group_id, subject: group.subject, messages: group.messages })
            .collect();
        let items = report
            .rows
            .into_iter()
            .map(|row| GroupRowView {
                first_day: row.first_day,
                group_id: row.group_id,
                subject: row.subject,
                messages: row.messages,
            })
            .collect();
        Self { timezone: report.timezone, groups, items }
    }
}

/// Groups: messages per imported group and day, week or month (what people wrote: the team's notes and WhatsApp's
/// notices left out), among the groups the caller may see (those of their channels, unless they manage or import
/// groups). Spans that have not begun are left out.
#[utoipa::path(
    operation_id = "groups_report",
    tag = "reports",
    security(("bearer" = [])),
    params(GroupsQuery),
    responses(
        (status = 200, description = "The report", body = GroupsReportView),
        (status = 403, description = "Missing `reports.view`, or `feature_not_enabled` (WhatsApp groups)", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/groups")]
async fn group_messages(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<GroupsQuery>,
) -> ApiResult<web::Json<GroupsReportView>> {
    let QueryParams(query) = query;
    Ok(web::Json(reports::groups_report(&state, &auth, &query.range()).await?.into()))
}

/// The groups report as a CSV file.
#[utoipa::path(
    operation_id = "groups_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(GroupsQuery),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`, or `feature_not_enabled` (WhatsApp groups)", body = Problem),
        (status = 422, description = "A bad range", body = Problem),
    )
)]
#[get("/reports/groups.csv")]
async fn group_messages_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<GroupsQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report = reports::groups_report(&state, &auth, &query.range()).await?;
    csv_download(&format!("grupos-{}-{}.csv", query.from, query.to), groups_file(&report, query.lang))
}

fn groups_file(report: &GroupsReport, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let headers = match lang {
        CsvLanguage::PtBr => ["grupo", "inicio_do_periodo", "mensagens"],
        CsvLanguage::En => ["group", "period_start", "messages"],
    };
    csv_file(
        headers,
        report.rows.iter().map(|row| [row.subject.clone(), row.first_day.to_string(), row.messages.to_string()]),
    )
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ParticipantsQuery {
    /// First day of the range, in the company's time zone.
    #[param(value_type = String, format = Date, example = "2026-12-01")]
    pub from: Date,
    /// Last day of the range (included); at most 366 days after `from`.
    #[param(value_type = String, format = Date, example = "2026-12-31")]
    pub to: Date,
    /// Only this imported group (default: every group the caller may see).
    pub group_id: Option<Uuid>,
    /// Participants per group, the most active first (default 5, at most 50).
    #[serde(default = "default_top")]
    #[param(minimum = 1, maximum = 50)]
    pub top: usize,
    /// The CSV headers' language (default `pt-BR`; the JSON ignores it).
    #[serde(default)]
    #[param(inline)]
    pub lang: CsvLanguage,
}

fn default_top() -> usize {
    DEFAULT_TOP
}

// The range and `top` are checked once, by the application.
impl Validate for ParticipantsQuery {}

/// One of a group's most active participants.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ParticipantView {
    pub group_id: Uuid,
    pub subject: String,
    /// 1 for who wrote the most; equal counts are ordered by number.
    pub rank: usize,
    /// The participant's number (the channel's own for what the team sent).
    pub number: String,
    /// The company's contact with that number, when there is one, and its name.
    pub contact_id: Option<Uuid>,
    pub name: Option<String>,
    pub messages: i64,
}

/// The most active participants per group.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ParticipantsReportView {
    pub timezone: String,
    /// Groups by subject, each with its participants, the most active first.
    pub items: Vec<ParticipantView>,
}

impl From<ParticipantsReport> for ParticipantsReportView {
    fn from(report: ParticipantsReport) -> Self {
        let items = report
            .rows
            .into_iter()
            .map(|row| {
                let sender = row.ranked.sender;
                ParticipantView {
                    group_id: sender.group_id,
                    subject: row.subject,
                    rank: row.ranked.rank,
                    number: sender.number,
                    contact_id: sender.contact_id,
                    name: sender.name,
                    messages: sender.count,
                }
            })
            .collect();
        Self { timezone: report.timezone, items }
    }
}

/// The most active participants of each imported group the caller may see (or of one), over the range: who wrote
/// the most messages, with their contact's name when the company knows the number.
#[utoipa::path(
    operation_id = "group_participants_report",
    tag = "reports",
    security(("bearer" = [])),
    params(ParticipantsQuery),
    responses(
        (status = 200, description = "The report", body = ParticipantsReportView),
        (status = 403, description = "Missing `reports.view`, or `feature_not_enabled` (WhatsApp groups)", body = Problem),
        (status = 422, description = "A bad range or `top`, or a `group_id` that is not one of the caller's groups", body = Problem),
    )
)]
#[get("/reports/groups/participants")]
async fn group_participants(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ParticipantsQuery>,
) -> ApiResult<web::Json<ParticipantsReportView>> {
    let QueryParams(query) = query;
    let report =
        reports::group_participants_report(&state, &auth, query.from, query.to, query.group_id, query.top).await?;
    Ok(web::Json(report.into()))
}

/// The most active participants as a CSV file.
#[utoipa::path(
    operation_id = "group_participants_report_csv",
    tag = "reports",
    security(("bearer" = [])),
    params(ParticipantsQuery),
    responses(
        (status = 200, description = "The report as CSV (UTF-8 with BOM)", body = String, content_type = "text/csv"),
        (status = 403, description = "Missing `reports.view`, or `feature_not_enabled` (WhatsApp groups)", body = Problem),
        (status = 422, description = "A bad range or `top`, or a `group_id` that is not one of the caller's groups", body = Problem),
    )
)]
#[get("/reports/groups/participants.csv")]
async fn group_participants_csv(
    state: web::Data<ApiState>,
    auth: AuthUser,
    query: QueryParams<ParticipantsQuery>,
) -> ApiResult<HttpResponse> {
    let QueryParams(query) = query;
    let report =
        reports::group_participants_report(&state, &auth, query.from, query.to, query.group_id, query.top).await?;
    let name = format!("participantes-{}-{}.csv", query.from, query.to);
    csv_download(&name, participants_file(&report, query.lang))
}

fn participants_file(report: &ParticipantsReport, lang: CsvLanguage) -> Result<Vec<u8>, csv::Error> {
    let headers = match lang {
        CsvLanguage::PtBr => ["grupo", "posicao", "participante", "numero", "mensagens"],
        CsvLanguage::En => ["group", "rank", "participant", "number", "messages"],
    };
    csv_file(
        headers,
        report.rows.iter().map(|row| {
            let sender = &row.ranked.sender;
            [
                row.subject.clone(),
                row.ranked.rank.to_string(),
                sender.name.clone().unwrap_or_else(|| sender.number.clone()),
                sender.number.clone(),
                sender.count.to_string(),
            ]
        }),
    )
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
