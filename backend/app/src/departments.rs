//! Departments (Financeiro, RH, Comercial…): creating, renaming and removing them. Validation of
//! the name's shape is the caller's (the API checks the request).

use blocopro_domain::Timestamp;
use blocopro_domain::audit::Actor;
use blocopro_domain::department::Department;
use blocopro_store::Store;
use uuid::Uuid;

use crate::audit::entry_for;
use crate::caller::Caller;
use crate::{App, AppError, AppResult};

/// Names are kept without the spaces around them.
fn department_name(name: &str) -> String {
    name.trim().to_owned()
}

pub async fn get(app: &App, caller: &Caller, id: Uuid) -> AppResult<Department> {
    app.store.get_department(caller.company_id, id).await?.ok_or_else(AppError::not_found)
}

pub async fn create(app: &App, caller: &Caller, name: &str) -> AppResult<Department> {
    add(app.store.as_ref(), caller.company_id, caller.actor, name).await
}

/// Stores a new department of the company, audited as `actor`'s: `create`, and the demo's seeder,
/// which has no application running.
pub(crate) async fn add(store: &dyn Store, company_id: Uuid, actor: Actor, name: &str) -> AppResult<Department> {
    let department = Department { id: Uuid::now_v7(), name: department_name(name), created_at: Timestamp::now() };
    let summary = serde_json::json!({ "name": department.name });
    let audit = entry_for(company_id, actor, "department.created", "department", Some(department.id), summary);
    store.create_department(company_id, &department, &audit).await?;
    Ok(department)
}

pub async fn rename(app: &App, caller: &Caller, id: Uuid, name: &str) -> AppResult<Department> {
    let before = get(app, caller, id).await?;
    let name = department_name(name);
    let summary = serde_json::json!({ "before": before.name, "after": name });
    let audit = caller.audit("department.renamed", "department", Some(id), summary);
    app.store.rename_department(caller.company_id, id, &name, &audit).await?;
    Ok(Department { name, ..before })
}

/// Removes a department; its users are unlinked.
pub async fn delete(app: &App, caller: &Caller, id: Uuid) -> AppResult<()> {
    let before = get(app, caller, id).await?;
    let audit = caller.audit("department.deleted", "department", Some(id), serde_json::json!({ "name": before.name }));
    app.store.delete_department(caller.company_id, id, &audit).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_the_spaces_around_them_only() {
        assert_eq!(department_name("  Recursos Humanos "), "Recursos Humanos");
    }
}
