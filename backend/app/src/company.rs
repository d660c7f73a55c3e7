//! The signed-in company's own settings (name, time zone), as its administrators change them in
//! Configurações › Empresa. Switches and activation stay with the platform operator (`companies`).

use blocopro_domain::company::Company;

use crate::caller::Caller;
use crate::events::announce::company_changed;
use crate::{App, AppResult, companies};

/// What a company may change of itself; `None` keeps the value.
#[derive(Default)]
pub struct CompanySettings {
    pub name: Option<String>,
    /// IANA zone in which access hours, the agenda and reports are read.
    pub timezone: Option<String>,
}

/// `company` with `settings` applied.
fn changed(company: &Company, settings: CompanySettings) -> Company {
    Company {
        name: settings.name.map_or_else(|| company.name.clone(), |name| name.trim().to_owned()),
        timezone: settings.timezone.unwrap_or_else(|| company.timezone.clone()),
        ..company.clone()
    }
}

/// The caller's company.
pub async fn get(app: &App, caller: &Caller) -> AppResult<Company> {
    companies::get(app, caller.company_id).await
}

/// Renames the company or changes its time zone; every tab of the company is told
/// (`company.updated`). Settings that change nothing write nothing.
pub async fn update(app: &App, caller: &Caller, settings: CompanySettings) -> AppResult<Company> {
    let before = get(app, caller).await?;
    let company = changed(&before, settings);
    if company == before {
        return Ok(company);
    }
    let summary = serde_json::json!({
        "before": { "name": before.name, "timezone": before.timezone },
        "after": { "name": company.name, "timezone": company.timezone },
    });
    let audit = caller.audit("company.updated", "company", Some(company.id), summary);
    app.store.update_company(&company, &audit).await?;
    company_changed(app, &company);
    Ok(company)
}

#[cfg(test)]
mod tests {
    use blocopro_domain::Timestamp;
    use blocopro_domain::company::CompanyFeatures;
    use uuid::Uuid;

    use super::*;

    fn company() -> Company {
        Company {
            id: Uuid::now_v7(),
            name: "Padaria Pão Quente".into(),
            timezone: "America/Sao_Paulo".into(),
            active: true,
            features: CompanyFeatures { whatsapp_groups: true },
            created_at: Timestamp::now(),
        }
    }

    #[test]
    fn settings_change_what_they_name_and_keep_the_rest() {
        let before = company();
        let settings = CompanySettings { name: Some("  Padaria Nova ".into()), timezone: None };
        let after = changed(&before, settings);
        assert_eq!(after.name, "Padaria Nova");
        assert_eq!(Company { name: before.name.clone(), ..after }, before);
    }

    #[test]
    fn empty_settings_change_nothing() {
        let before = company();
        assert_eq!(changed(&before, CompanySettings::default()), before);
    }
}
