//! Searching the messages of every conversation the caller sees (Chat › Pesquisar mensagens):
//! the store finds them through its search index, under the conversation visibility rule; each
//! result carries the snippet shown of it, its matches marked.

use blocopro_domain::FieldErrors;
use blocopro_domain::message_search::{MessageQuery, SnippetPart};
use blocopro_store::{FoundMessage, Page, PageRequest};

use super::viewer;
use crate::caller::Caller;
use crate::{App, AppResult};

/// A message found, and the part of its text shown.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageFound {
    pub found: FoundMessage,
    pub snippet: Vec<SnippetPart>,
}

/// The messages the caller sees that hold what they typed (`q`: at least two characters, a letter
/// or digit among them), newest first.
pub async fn search(app: &App, caller: &Caller, typed: &str, page: PageRequest) -> AppResult<Page<MessageFound>> {
    let query = MessageQuery::parse(typed).map_err(|problem| FieldErrors::single("q", problem.message()))?;
    let found = app.store.search_messages(caller.company_id, &viewer(caller)?, &query, page).await?;
    Ok(found.map(|found| MessageFound { snippet: query.snippet(&found.text), found }))
}
