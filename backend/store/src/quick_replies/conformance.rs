//! Quick replies: the company's and each user's own, a shortcut unique per scope, and no write
//! through one scope (or company) reaching a reply of another.

use blocopro_domain::quick_reply::{QuickReply, QuickReplyScope};
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, StoreError};

fn reply(owner_id: Option<Uuid>, shortcut: &str, text: &str) -> QuickReply {
    QuickReply {
        id: Uuid::now_v7(),
        scope: if owner_id.is_some() { QuickReplyScope::Personal } else { QuickReplyScope::Company },
        owner_id,
        shortcut: shortcut.into(),
        text: text.into(),
        created_at: now(),
        updated_at: now(),
    }
}

fn shortcuts(replies: &[QuickReply]) -> Vec<(&str, Option<Uuid>)> {
    replies.iter().map(|reply| (reply.shortcut.as_str(), reply.owner_id)).collect()
}

pub async fn quick_replies_are_the_companys_or_one_users(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let ana = user(&store, acme.id, "Ana", "ana@acme.test", false).await;
    let bia = user(&store, acme.id, "Bia", "bia@acme.test", false).await;
    let log = || audit(acme.id, "quick_reply.changed", None);
    let saudacao = reply(None, "saudacao", "Olá {{primeiro_nome}}!");
    let pix = reply(None, "pix", "Nossa chave Pix é…");
    let ana_saudacao = reply(Some(ana.id), "saudacao", "Oi, {{primeiro_nome}}! Aqui é a Ana.");
    let bia_tchau = reply(Some(bia.id), "tchau", "Até logo!");
    for created in [&saudacao, &pix, &ana_saudacao, &bia_tchau] {
        store.create_quick_reply(acme.id, created, &log()).await.unwrap();
    }

    let anas = store.list_quick_replies(acme.id, Some(ana.id)).await.unwrap();
    assert_eq!(
        shortcuts(&anas),
        vec![("pix", None), ("saudacao", None), ("saudacao", Some(ana.id))],
        "by shortcut, the company's first; not Bia's"
    );
    assert_eq!(anas[2], ana_saudacao, "read back as written");
    assert_eq!(anas[2].scope, QuickReplyScope::Personal);
    let tokens = store.list_quick_replies(acme.id, None).await.unwrap();
    assert_eq!(shortcuts(&tokens), vec![("pix", None), ("saudacao", None)], "no user: the company's only");

    let taken = store.create_quick_reply(acme.id, &reply(None, "pix", "Outra"), &log()).await;
    assert!(matches!(taken, Err(StoreError::Duplicate { field: Some("shortcut") })), "{taken:?}");
    let taken = store.create_quick_reply(acme.id, &reply(Some(ana.id), "saudacao", "Outra"), &log()).await;
    assert!(matches!(taken, Err(StoreError::Duplicate { field: Some("shortcut") })), "{taken:?}");
    store.create_quick_reply(acme.id, &reply(Some(bia.id), "saudacao", "Da Bia"), &log()).await.unwrap();

    assert_eq!(store.get_quick_reply(acme.id, None, pix.id).await.unwrap(), Some(pix.clone()));
    assert_eq!(store.get_quick_reply(acme.id, Some(ana.id), pix.id).await.unwrap(), None, "not in Ana's scope");
    assert_eq!(store.get_quick_reply(acme.id, Some(bia.id), ana_saudacao.id).await.unwrap(), None, "not Bia's");

    let changed =
        QuickReply { shortcut: "chave-pix".into(), text: "Chave: 123".into(), updated_at: now(), ..pix.clone() };
    store.update_quick_reply(acme.id, &changed, &log()).await.unwrap();
    assert_eq!(store.get_quick_reply(acme.id, None, pix.id).await.unwrap(), Some(changed.clone()));
    let through_ana = QuickReply { owner_id: Some(ana.id), ..changed.clone() };
    let refused = store.update_quick_reply(acme.id, &through_ana, &log()).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "a company reply is not changed through a user's scope");
    let clash = QuickReply { shortcut: "saudacao".into(), ..changed.clone() };
    let refused = store.update_quick_reply(acme.id, &clash, &log()).await;
    assert!(matches!(refused, Err(StoreError::Duplicate { field: Some("shortcut") })), "{refused:?}");

    let globex = company(&store, "Globex").await;
    let globex_log = audit(globex.id, "quick_reply.changed", None);
    assert!(store.list_quick_replies(globex.id, Some(ana.id)).await.unwrap().is_empty());
    assert_eq!(store.get_quick_reply(globex.id, None, pix.id).await.unwrap(), None);
    let refused = store.delete_quick_reply(globex.id, None, pix.id, &globex_log).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "another company's");
    let stranger = store.create_quick_reply(globex.id, &reply(Some(ana.id), "oi", "Oi"), &globex_log).await;
    assert!(matches!(stranger, Err(StoreError::UnknownReferences(_))), "an owner of another company: {stranger:?}");

    let refused = store.delete_quick_reply(acme.id, Some(bia.id), ana_saudacao.id, &log()).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "Bia cannot delete Ana's");
    store.delete_quick_reply(acme.id, Some(ana.id), ana_saudacao.id, &log()).await.unwrap();
    store.delete_quick_reply(acme.id, None, pix.id, &log()).await.unwrap();
    let left = store.list_quick_replies(acme.id, Some(ana.id)).await.unwrap();
    assert_eq!(shortcuts(&left), vec![("saudacao", None)]);
}
