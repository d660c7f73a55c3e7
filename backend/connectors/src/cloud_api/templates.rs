//! The message templates of a WhatsApp Business Account:
//! `GET /{version}/{waba-id}/message_templates`, page by page (Meta's `after` cursor, while it
//! says there is a `next` page), with the channel's token.

use serde::Deserialize;
use serde_json::Value;

use super::{CloudApiConnector, read_item};
use crate::ConnectorError;

/// Templates asked per page (Meta's largest page is larger; 100 keeps answers small).
const PAGE_SIZE: &str = "100";
/// A guard against a cursor that never ends: 100 pages of 100 is far more templates than Meta allows.
const MAX_PAGES: usize = 100;

/// A template as Meta lists it: status and category as Meta spells them, its components as
/// Meta's JSON.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct MetaTemplate {
    pub name: String,
    pub language: String,
    pub status: String,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub components: Vec<Value>,
}

#[derive(Deserialize)]
struct TemplatePage {
    #[serde(default)]
    data: Vec<Value>,
    paging: Option<Paging>,
}

#[derive(Deserialize)]
struct Paging {
    cursors: Option<Cursors>,
    /// Present while there are more pages.
    next: Option<String>,
}

#[derive(Deserialize)]
struct Cursors {
    after: Option<String>,
}

impl TemplatePage {
    /// The cursor of the next page, when Meta says there is one.
    fn next_cursor(&self) -> Option<String> {
        let paging = self.paging.as_ref()?;
        paging.next.as_ref()?;
        paging.cursors.as_ref()?.after.clone().filter(|after| !after.is_empty())
    }
}

impl CloudApiConnector {
    /// Every template of the number's WhatsApp Business Account; `Unsupported` without its id.
    /// The next page is asked of the configured Graph API with Meta's cursor, never at the URL
    /// Meta names, so the token goes nowhere else. A template Meta describes unreadably is skipped.
    pub async fn message_templates(&self) -> Result<Vec<MetaTemplate>, ConnectorError> {
        let waba_id = self.settings.waba_id.as_deref().filter(|id| !id.trim().is_empty());
        let waba_id =
            waba_id.ok_or(ConnectorError::Unsupported("list templates without a WhatsApp Business Account id"))?;
        let url = format!("{}/{}/{}/message_templates", self.base_url, self.settings.api_version, waba_id.trim());
        let mut templates = Vec::new();
        let mut after: Option<String> = None;
        for _ in 0..MAX_PAGES {
            let mut query = vec![("fields", "name,language,status,category,components"), ("limit", PAGE_SIZE)];
            if let Some(after) = &after {
                query.push(("after", after.as_str()));
            }
            let body = self.call(self.http.get(&url).query(&query)).await?;
            let page: TemplatePage =
                serde_json::from_value(body).map_err(|error| ConnectorError::Unavailable(error.to_string()))?;
            let next = page.next_cursor();
            templates.extend(page.data.into_iter().filter_map(|item| read_item::<MetaTemplate>(item, "template")));
            match next {
                Some(cursor) if after.as_deref() != Some(cursor.as_str()) => after = Some(cursor),
                _ => return Ok(templates),
            }
        }
        tracing::warn!(pages = MAX_PAGES, "the template list of a WhatsApp Business Account was cut short");
        Ok(templates)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_next_page_is_asked_only_while_meta_names_one() {
        let page =
            |paging: Value| serde_json::from_value::<TemplatePage>(json!({ "data": [], "paging": paging })).unwrap();
        let more = page(json!({ "cursors": { "before": "B", "after": "A" }, "next": "https://graph.facebook.com/x" }));
        assert_eq!(more.next_cursor().as_deref(), Some("A"));
        let last = page(json!({ "cursors": { "before": "B", "after": "A" } }));
        assert_eq!(last.next_cursor(), None);
        let bare: TemplatePage = serde_json::from_value(json!({ "data": [] })).unwrap();
        assert_eq!(bare.next_cursor(), None);
    }

    #[test]
    fn templates_read_as_meta_lists_them() {
        let item = json!({
            "name": "boleto", "language": "pt_BR", "status": "APPROVED", "category": "UTILITY", "id": "1",
            "components": [{ "type": "BODY", "text": "Olá {{1}}" }],
        });
        let template: MetaTemplate = serde_json::from_value(item).unwrap();
        assert_eq!((template.name.as_str(), template.status.as_str()), ("boleto", "APPROVED"));
        assert_eq!(template.components[0]["text"], "Olá {{1}}");
    }
}
