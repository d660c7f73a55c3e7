//! The access table: for every operation the API serves (method and path template, as in the
//! OpenAPI document), who may call it. [`guard`] enforces it before any handler runs: it
//! authenticates the caller once, applies the operation's rule and leaves the caller in the
//! request for the `AuthUser` / `PlatformOperator` extractors. Handlers keep only the data-level
//! rules (which conversations, contacts or channels a caller sees), which the stores apply.
//! Tests check that the table and the document name the same operations, and drive the
//! permission matrix from this table.

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, web};
use blocopro_domain::Timestamp;
use blocopro_domain::permissions::Permission;
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::auth::principal::{authenticate, authenticate_operator, bearer_token};
use crate::error::{ApiError, ApiResult};
use crate::matched_route::matched_template;
use crate::state::ApiState;

/// Who may call an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Anyone: signing in, health checks, Meta's signed webhook deliveries.
    Public,
    /// The WebSocket authenticates its handshake or first message itself (and again later).
    SocketHandshake,
    /// A platform operator's session.
    Operator,
    /// A caller of a company (a user session or an API token) that passes every check.
    Company(&'static [Check]),
}

/// One condition on a company caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Holds the permission.
    Holds(Permission),
    /// A person's session, not an API token.
    UserSession,
    /// A user session (whose own scope then narrows what it sees), or a caller holding any of
    /// these permissions, which see the whole company.
    UserSessionOr(&'static [Permission]),
    /// The path's `{id}` is the calling user, or the caller holds the permission.
    SelfOr(Permission),
}

/// One operation of the API and its rule.
#[derive(Debug)]
pub struct Route {
    pub method: Method,
    /// The path template as registered, e.g. `/api/v1/users/{id}`.
    pub path: &'static str,
    pub rule: Rule,
}

const fn route(method: Method, path: &'static str, rule: Rule) -> Route {
    Route { method, path, rule }
}

use Check::{Holds, SelfOr, UserSession, UserSessionOr};
use Permission::*;
use Rule::{Company, Operator, Public, SocketHandshake};

const ANY_CALLER: Rule = Company(&[]);
const A_PERSON: Rule = Company(&[UserSession]);
const SEES_CHANNELS: Check = UserSessionOr(&[ChannelsManage]);
const SEES_WALLET: Check = UserSessionOr(&[WalletViewAll]);
const SEES_GROUPS: Check = UserSessionOr(&[GroupsManage, GroupsImport]);
const MANAGES_CHANNELS: Rule = Company(&[Holds(ChannelsManage)]);
const MANAGES_CONTACTS: Rule = Company(&[Holds(ContactsManage), SEES_WALLET]);
const MANAGES_USERS: Rule = Company(&[Holds(UsersManage)]);
const MANAGES_WEBHOOKS: Rule = Company(&[Holds(WebhooksManage)]);
const IMPORTS_GROUPS: Rule = Company(&[Holds(GroupsImport)]);
const MANAGES_GROUPS: Rule = Company(&[Holds(GroupsManage)]);
const MANAGES_QUICK_REPLIES: Rule = Company(&[Holds(QuickRepliesManage)]);
const MANAGES_LABELS: Rule = Company(&[Holds(LabelsManage)]);
const VIEWS_REPORTS: Rule = Company(&[Holds(ReportsView)]);
const USES_AGENDA: Rule = Company(&[Holds(AgendaUse), UserSession]);

/// Every operation of the API. A new endpoint needs a line here (a test fails otherwise).
pub static ROUTES: &[Route] = &[
    route(Method::GET, "/healthz", Public),
    route(Method::GET, "/readyz", Public),
    // Sessions
    route(Method::POST, "/api/v1/auth/login", Public),
    route(Method::POST, "/api/v1/auth/refresh", Public),
    route(Method::POST, "/api/v1/auth/logout", Public),
    route(Method::POST, "/api/v1/platform/auth/login", Public),
    route(Method::GET, "/api/v1/me", A_PERSON),
    route(Method::PUT, "/api/v1/me/presence", A_PERSON),
    route(Method::GET, "/api/v1/realtime", SocketHandshake),
    // Platform
    route(Method::GET, "/api/v1/platform/companies", Operator),
    route(Method::POST, "/api/v1/platform/companies", Operator),
    route(Method::GET, "/api/v1/platform/companies/{id}", Operator),
    route(Method::PATCH, "/api/v1/platform/companies/{id}", Operator),
    route(Method::POST, "/api/v1/platform/companies/{id}/admins", Operator),
    // The caller's own company (Configurações › Empresa)
    route(Method::GET, "/api/v1/company", ANY_CALLER),
    route(Method::PATCH, "/api/v1/company", Company(&[Holds(SettingsManage)])),
    // Catalogue
    route(Method::GET, "/api/v1/permissions", ANY_CALLER),
    route(Method::GET, "/api/v1/roles", ANY_CALLER),
    // Users
    route(Method::GET, "/api/v1/users", Company(&[Holds(UsersView)])),
    route(Method::POST, "/api/v1/users", MANAGES_USERS),
    route(Method::GET, "/api/v1/users/{id}", Company(&[SelfOr(UsersView)])),
    route(Method::PATCH, "/api/v1/users/{id}", MANAGES_USERS),
    route(Method::DELETE, "/api/v1/users/{id}", MANAGES_USERS),
    route(Method::PUT, "/api/v1/users/{id}/permissions", MANAGES_USERS),
    route(Method::PUT, "/api/v1/users/{id}/departments", MANAGES_USERS),
    route(Method::GET, "/api/v1/users/{id}/channels", Company(&[SelfOr(UsersView)])),
    route(Method::PUT, "/api/v1/users/{id}/channels", MANAGES_USERS),
    route(Method::GET, "/api/v1/users/{id}/access-hours", Company(&[SelfOr(UsersView)])),
    route(Method::PUT, "/api/v1/users/{id}/access-hours", MANAGES_USERS),
    route(Method::GET, "/api/v1/users/{id}/presence-history", Company(&[SelfOr(PresenceViewHistory)])),
    route(Method::GET, "/api/v1/reports/working-time", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/working-time.csv", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/service", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/service.csv", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/queues", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/queues.csv", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/volume", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/volume.csv", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/groups", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/groups.csv", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/groups/participants", VIEWS_REPORTS),
    route(Method::GET, "/api/v1/reports/groups/participants.csv", VIEWS_REPORTS),
    // Departments
    route(Method::GET, "/api/v1/departments", ANY_CALLER),
    route(Method::POST, "/api/v1/departments", Company(&[Holds(DepartmentsManage)])),
    route(Method::PATCH, "/api/v1/departments/{id}", Company(&[Holds(DepartmentsManage)])),
    route(Method::DELETE, "/api/v1/departments/{id}", Company(&[Holds(DepartmentsManage)])),
    // Integrations and audit
    route(Method::GET, "/api/v1/api-tokens", Company(&[Holds(ApiTokensManage)])),
    route(Method::POST, "/api/v1/api-tokens", Company(&[Holds(ApiTokensManage)])),
    route(Method::DELETE, "/api/v1/api-tokens/{id}", Company(&[Holds(ApiTokensManage)])),
    route(Method::GET, "/api/v1/audit-log", Company(&[Holds(AuditView)])),
    route(Method::GET, "/api/v1/webhooks", MANAGES_WEBHOOKS),
    route(Method::POST, "/api/v1/webhooks", MANAGES_WEBHOOKS),
    route(Method::GET, "/api/v1/webhooks/{id}", MANAGES_WEBHOOKS),
    route(Method::DELETE, "/api/v1/webhooks/{id}", MANAGES_WEBHOOKS),
    route(Method::GET, "/api/v1/webhooks/{id}/deliveries", MANAGES_WEBHOOKS),
    route(Method::POST, "/api/v1/webhooks/{id}/test", MANAGES_WEBHOOKS),
    // Meta calls these, signed with the channel's secrets.
    route(Method::GET, "/api/v1/webhooks/whatsapp-cloud/{id}", Public),
    route(Method::POST, "/api/v1/webhooks/whatsapp-cloud/{id}", Public),
    // Channels
    route(Method::GET, "/api/v1/channels", Company(&[SEES_CHANNELS])),
    route(Method::POST, "/api/v1/channels", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/channels/{id}", Company(&[SEES_CHANNELS])),
    route(Method::PATCH, "/api/v1/channels/{id}", MANAGES_CHANNELS),
    route(Method::DELETE, "/api/v1/channels/{id}", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/channels/{id}/connect", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/channels/{id}/disconnect", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/channels/{id}/qr", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/channels/{id}/flow", Company(&[SEES_CHANNELS])),
    route(Method::PUT, "/api/v1/channels/{id}/flow", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/channels/{id}/business-hours", Company(&[SEES_CHANNELS])),
    route(Method::PUT, "/api/v1/channels/{id}/business-hours", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/channels/{id}/messages", Company(&[SEES_CHANNELS])),
    route(Method::POST, "/api/v1/channels/{id}/messages", Company(&[Holds(MessagesSend), SEES_CHANNELS])),
    // Whoever writes in the channel's conversations picks its templates; managers sync them.
    route(Method::GET, "/api/v1/channels/{id}/templates", Company(&[Holds(MessagesSend), SEES_WALLET])),
    route(Method::POST, "/api/v1/channels/{id}/templates/sync", MANAGES_CHANNELS),
    // Simulator (enabled by configuration only)
    route(Method::POST, "/api/v1/simulator/channels/{id}/scan", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/simulator/channels/{id}/groups", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/simulator/channels/{id}/group-changes", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/simulator/channels/{id}/inbound", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/simulator/channels/{id}/reactions", MANAGES_CHANNELS),
    route(Method::POST, "/api/v1/simulator/channels/{id}/logout", MANAGES_CHANNELS),
    route(Method::GET, "/api/v1/simulator/channels/{id}/received", MANAGES_CHANNELS),
    // Groups
    route(Method::POST, "/api/v1/channels/{id}/group-imports", IMPORTS_GROUPS),
    route(Method::GET, "/api/v1/group-imports/{id}", IMPORTS_GROUPS),
    route(Method::POST, "/api/v1/group-imports/{id}/import", IMPORTS_GROUPS),
    route(Method::GET, "/api/v1/groups", Company(&[SEES_GROUPS])),
    route(Method::POST, "/api/v1/groups", MANAGES_GROUPS),
    route(Method::GET, "/api/v1/groups/{id}", Company(&[SEES_GROUPS])),
    route(Method::PATCH, "/api/v1/groups/{id}", MANAGES_GROUPS),
    route(Method::DELETE, "/api/v1/groups/{id}", MANAGES_GROUPS),
    route(Method::POST, "/api/v1/groups/{id}/sync", MANAGES_GROUPS),
    // Contacts
    route(Method::GET, "/api/v1/contacts", Company(&[SEES_WALLET])),
    route(Method::POST, "/api/v1/contacts", MANAGES_CONTACTS),
    route(Method::GET, "/api/v1/contacts/{id}", Company(&[SEES_WALLET])),
    route(Method::PATCH, "/api/v1/contacts/{id}", MANAGES_CONTACTS),
    route(Method::DELETE, "/api/v1/contacts/{id}", MANAGES_CONTACTS),
    route(Method::GET, "/api/v1/contacts/{id}/history", Company(&[SEES_WALLET])),
    // Chat
    route(Method::GET, "/api/v1/conversations", Company(&[SEES_WALLET])),
    route(Method::GET, "/api/v1/conversations/{id}", Company(&[SEES_WALLET])),
    route(Method::PATCH, "/api/v1/conversations/{id}", A_PERSON),
    route(Method::GET, "/api/v1/conversations/{id}/messages", Company(&[SEES_WALLET])),
    // Searched within the conversations the caller sees.
    route(Method::GET, "/api/v1/messages/search", Company(&[SEES_WALLET])),
    route(Method::POST, "/api/v1/conversations/{id}/messages", Company(&[Holds(MessagesSend), SEES_WALLET])),
    route(
        Method::POST,
        "/api/v1/conversations/{id}/messages/{message_id}/reactions",
        Company(&[Holds(MessagesSend), SEES_WALLET]),
    ),
    // A person who sees the conversation writes notes for the team: nothing reaches WhatsApp.
    route(Method::POST, "/api/v1/conversations/{id}/notes", Company(&[UserSession])),
    // A person who may act on the conversation (and sees it) sets its labels.
    route(Method::PUT, "/api/v1/conversations/{id}/labels", A_PERSON),
    // Whoever writes in conversations uploads the files they send.
    route(Method::POST, "/api/v1/media", Company(&[Holds(MessagesSend), SEES_WALLET])),
    // Whoever reads the messages of the file's conversation.
    route(Method::GET, "/api/v1/media/{id}", Company(&[SEES_WALLET])),
    // Quick replies: everyone lists the company's and their own; the company's are managed with
    // the permission, one's own by oneself.
    route(Method::GET, "/api/v1/quick-replies", ANY_CALLER),
    route(Method::POST, "/api/v1/quick-replies", MANAGES_QUICK_REPLIES),
    route(Method::PATCH, "/api/v1/quick-replies/{id}", MANAGES_QUICK_REPLIES),
    route(Method::DELETE, "/api/v1/quick-replies/{id}", MANAGES_QUICK_REPLIES),
    route(Method::POST, "/api/v1/me/quick-replies", A_PERSON),
    route(Method::PATCH, "/api/v1/me/quick-replies/{id}", A_PERSON),
    route(Method::DELETE, "/api/v1/me/quick-replies/{id}", A_PERSON),
    // Labels: everyone of the company lists them; the permission manages them.
    route(Method::GET, "/api/v1/labels", ANY_CALLER),
    route(Method::POST, "/api/v1/labels", MANAGES_LABELS),
    route(Method::PATCH, "/api/v1/labels/{id}", MANAGES_LABELS),
    route(Method::DELETE, "/api/v1/labels/{id}", MANAGES_LABELS),
    // Agenda
    route(Method::GET, "/api/v1/agenda/events", USES_AGENDA),
    route(Method::POST, "/api/v1/agenda/events", USES_AGENDA),
    route(Method::PATCH, "/api/v1/agenda/events/{id}", USES_AGENDA),
    route(Method::DELETE, "/api/v1/agenda/events/{id}", USES_AGENDA),
];

/// The rule of `method` on the path template `pattern`, if the table has one.
pub fn rule_for(method: &Method, pattern: &str) -> Option<Rule> {
    ROUTES.iter().find(|route| route.method == *method && route.path == pattern).map(|route| route.rule)
}

impl Check {
    /// Whether `caller` passes; `path_id` is the `{id}` of the request's path.
    pub fn passes(&self, caller: &AuthUser, path_id: Option<Uuid>) -> bool {
        let holds = |permission: &Permission| caller.permissions.contains(permission);
        match self {
            Holds(permission) => holds(permission),
            UserSession => caller.user.is_some(),
            UserSessionOr(permissions) => caller.user.is_some() || permissions.iter().any(holds),
            SelfOr(permission) => (path_id.is_some() && caller.user_id() == path_id) || holds(permission),
        }
    }

    fn denial(&self) -> ApiError {
        match self {
            Holds(permission) | SelfOr(permission) => {
                ApiError::forbidden(format!("This action needs the permission `{permission}`."))
            }
            UserSession => ApiError::forbidden("This endpoint needs a user session, not an API token."),
            UserSessionOr(permissions) => {
                let keys: Vec<_> = permissions.iter().map(|permission| format!("`{permission}`")).collect();
                ApiError::forbidden(format!("An API token needs the permission {} here.", keys.join(" or ")))
            }
        }
    }
}

/// Every check of `checks` that `caller` fails makes the request forbidden; the first one says why.
pub fn check_all(checks: &[Check], caller: &AuthUser, path_id: Option<Uuid>) -> ApiResult<()> {
    match checks.iter().find(|check| !check.passes(caller, path_id)) {
        Some(failed) => Err(failed.denial()),
        None => Ok(()),
    }
}

/// The value of the `{id}` segment of `path` under the template `pattern`.
fn path_id(pattern: &str, path: &str) -> Option<Uuid> {
    pattern
        .split('/')
        .zip(path.split('/'))
        .find(|(template, _)| *template == "{id}")
        .and_then(|(_, id)| id.parse().ok())
}

/// Applies the request's rule; the caller it authenticated stays in the request's extensions.
async fn admit(request: &ServiceRequest) -> ApiResult<()> {
    let Some(pattern) = matched_template(request.request()) else { return Ok(()) };
    // A method the table lacks is not routed either: the router answers it (404/405).
    let Some(rule) = rule_for(request.method(), &pattern) else { return Ok(()) };
    let state = request
        .app_data::<web::Data<ApiState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal("application state missing"))?;
    match rule {
        Public | SocketHandshake => Ok(()),
        Operator => {
            let operator = authenticate_operator(&state, &bearer_token(request.request())?).await?;
            request.extensions_mut().insert(operator);
            Ok(())
        }
        Company(checks) => {
            let caller = authenticate(&state, &bearer_token(request.request())?, Timestamp::now()).await?;
            check_all(checks, &caller, path_id(&pattern, request.path()))?;
            request.extensions_mut().insert(caller);
            Ok(())
        }
    }
}

/// The middleware that enforces [`ROUTES`] in front of every handler.
pub async fn guard(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    match admit(&request).await {
        Ok(()) => next.call(request).await.map(ServiceResponse::map_into_left_body),
        Err(error) => {
            let (request, _) = request.into_parts();
            Ok(ServiceResponse::from_err(error, request).map_into_right_body())
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn each_operation_has_one_rule() {
        let operations: BTreeSet<_> = ROUTES.iter().map(|route| (route.method.as_str(), route.path)).collect();
        assert_eq!(operations.len(), ROUTES.len(), "an operation is listed twice");
    }

    #[test]
    fn the_id_segment_is_read_from_the_path() {
        let id = Uuid::now_v7();
        assert_eq!(path_id("/api/v1/users/{id}/channels", &format!("/api/v1/users/{id}/channels")), Some(id));
        assert_eq!(path_id("/api/v1/users/{id}", "/api/v1/users/not-a-uuid"), None);
        assert_eq!(path_id("/api/v1/users", "/api/v1/users"), None);
    }
}
