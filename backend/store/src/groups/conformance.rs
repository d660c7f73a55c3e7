//! Group pre-imports, imported groups, their participants and the contacts they are.

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::group::{
    Group, GroupChange, GroupImportJob, GroupImportStatus, GroupSettings, GroupSnapshot, MemberPhone, Progress,
};
use jiff::SignedDuration;
use uuid::Uuid;

use crate::conformance::*;
use crate::{DynStore, GroupFilter, PageRequest, StoreError};

fn member(phone: &str, is_admin: bool) -> MemberPhone {
    MemberPhone { phone: phone.into(), is_admin }
}

pub fn snapshot(external_id: &str, subject: &str, members: &[(&str, bool)]) -> GroupSnapshot {
    GroupSnapshot {
        external_id: external_id.into(),
        subject: subject.into(),
        description: Some(format!("Grupo {subject}")),
        participants: members.iter().map(|(phone, admin)| member(phone, *admin)).collect(),
        own_number_is_admin: true,
    }
}

fn new_job(company_id: Uuid, channel_id: Uuid) -> GroupImportJob {
    GroupImportJob {
        id: Uuid::now_v7(),
        company_id,
        channel_id,
        status: GroupImportStatus::Running,
        progress: Progress::default(),
        error: None,
        created_by: None,
        created_at: now(),
        finished_at: None,
    }
}

pub async fn group_imports_run_once_per_channel(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let first = new_job(acme.id, sim.id);
    let running = store.start_group_import(&first).await.unwrap();
    assert_eq!(running, first);
    let again = store.start_group_import(&new_job(acme.id, sim.id)).await.unwrap();
    assert_eq!(again.id, first.id, "a second request finds the running job");

    let found = [snapshot("1@g.us", "Vendas", &[("+5511900000001", true)]), snapshot("2@g.us", "Avisos", &[])];
    assert!(store.add_group_import_candidates(first.id, &found[..1], Progress { done: 1, total: 2 }).await.unwrap());
    assert!(store.add_group_import_candidates(first.id, &found[1..], Progress { done: 2, total: 2 }).await.unwrap());
    let ready = store.finish_group_import(first.id, GroupImportStatus::Ready, None, now()).await.unwrap().unwrap();
    let late = [snapshot("3@g.us", "Tarde", &[])];
    let taken = store.add_group_import_candidates(first.id, &late, Progress::default()).await.unwrap();
    assert!(!taken, "a finished job takes no more groups");
    assert_eq!((ready.status, ready.progress), (GroupImportStatus::Ready, Progress { done: 2, total: 2 }));
    assert!(ready.finished_at.is_some());
    assert_eq!(store.finish_group_import(first.id, GroupImportStatus::Failed, Some("x"), now()).await.unwrap(), None);

    let subjects: Vec<String> =
        store.group_import_candidates(acme.id, first.id, None).await.unwrap().into_iter().map(|c| c.subject).collect();
    assert_eq!(subjects, ["Avisos", "Vendas"], "by subject");
    let searched = store.group_import_candidates(acme.id, first.id, Some("VEN")).await.unwrap();
    assert_eq!((searched.len(), searched[0].participant_count), (1, 1));

    let globex = company(&store, "Globex").await;
    assert_eq!(store.get_group_import(globex.id, first.id).await.unwrap(), None);
    assert!(store.group_import_candidates(globex.id, first.id, None).await.unwrap().is_empty());
    let ids = vec!["1@g.us".to_owned()];
    assert!(store.group_import_snapshots(globex.id, first.id, &ids).await.unwrap().is_empty());
    assert_eq!(store.group_import_snapshots(acme.id, first.id, &ids).await.unwrap(), found[..1].to_vec());
    let asked = vec!["2@g.us".to_owned(), "404@g.us".to_owned(), "1@g.us".to_owned()];
    let in_order = store.group_import_snapshots(acme.id, first.id, &asked).await.unwrap();
    assert_eq!(in_order, vec![found[1].clone(), found[0].clone()], "in the order asked, unknown ids left out");

    let second = store.start_group_import(&new_job(acme.id, sim.id)).await.unwrap();
    assert_ne!(second.id, first.id, "a finished job does not block a new one");
    assert_eq!(store.get_group_import(acme.id, first.id).await.unwrap(), None, "a new job replaces the finished one");
    assert!(store.group_import_snapshots(acme.id, first.id, &ids).await.unwrap().is_empty());
    let before_it = second.created_at - SignedDuration::from_secs(1);
    assert!(!store.fail_stale_group_import(sim.id, before_it, "stale", now()).await.unwrap(), "not stale yet");
    let after_it = second.created_at + SignedDuration::from_secs(1);
    assert!(store.fail_stale_group_import(sim.id, after_it, "stale", now()).await.unwrap());
    let failed = store.get_group_import(acme.id, second.id).await.unwrap().unwrap();
    assert_eq!((failed.status, failed.error.as_deref()), (GroupImportStatus::Failed, Some("stale")));
    let third = store.start_group_import(&new_job(acme.id, sim.id)).await.unwrap();
    assert_ne!(third.id, second.id, "a stale job makes way for a new one");
}

pub async fn groups_import_once_with_contacts_matched_by_number(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let sales =
        snapshot("1@g.us", "Vendas", &[("+5511900000001", true), ("+5511900000002", false), ("+5511900000001", false)]);
    let news = snapshot("2@g.us", "Avisos", &[("+5511900000002", true)]);
    let imported = store
        .import_groups(
            acme.id,
            sim.id,
            &[sales.clone(), news.clone(), sales.clone()],
            now(),
            &audit(acme.id, "groups.imported", None),
        )
        .await
        .unwrap();
    assert_eq!(
        imported.iter().map(|g| g.subject.as_str()).collect::<Vec<_>>(),
        ["Vendas", "Avisos"],
        "in order, once each"
    );
    assert_eq!(
        (imported[0].participant_count, imported[1].participant_count),
        (2, 1),
        "a number listed twice counts once"
    );
    let sales_members = store.group_members(acme.id, imported[0].id).await.unwrap();
    let news_members = store.group_members(acme.id, imported[1].id).await.unwrap();
    let taking_part = |contact_id: Uuid| {
        let (store, filter) = (store.clone(), GroupFilter { participant: Some(contact_id), ..Default::default() });
        async move {
            let groups = store.list_groups(acme.id, &filter, PageRequest::first(10)).await.unwrap().items;
            groups.into_iter().map(|group| group.subject).collect::<Vec<_>>()
        }
    };
    assert_eq!(taking_part(sales_members[0].contact_id).await, ["Vendas"], "the groups a contact takes part in");
    assert!(taking_part(Uuid::now_v7()).await.is_empty());
    assert_eq!(
        sales_members.iter().map(|m| (m.phone.as_str(), m.is_admin)).collect::<Vec<_>>(),
        [("+5511900000001", true), ("+5511900000002", false)]
    );
    assert_eq!(news_members[0].contact_id, sales_members[1].contact_id, "one contact per number");

    let again = store
        .import_groups(acme.id, sim.id, std::slice::from_ref(&sales), now(), &audit(acme.id, "groups.imported", None))
        .await
        .unwrap();
    assert_eq!(again[0].id, imported[0].id, "importing twice creates nothing new");
    assert_eq!(store.group_members(acme.id, imported[0].id).await.unwrap(), sales_members);
    let renamed = GroupSnapshot { subject: "Vendas antigas".into(), participants: vec![], ..sales.clone() };
    let kept = store
        .import_groups(acme.id, sim.id, std::slice::from_ref(&renamed), now(), &audit(acme.id, "groups.imported", None))
        .await
        .unwrap();
    assert_eq!(kept[0], again[0], "an imported group is not overwritten by an import");
    let refreshed = store
        .refresh_group(acme.id, sim.id, &renamed, now(), &|group| audit(acme.id, "group.synced", Some(group.id)))
        .await
        .unwrap();
    assert_eq!(
        (refreshed.id, refreshed.subject.as_str(), refreshed.participant_count),
        (imported[0].id, "Vendas antigas", 0)
    );
    assert!(store.group_members(acme.id, imported[0].id).await.unwrap().is_empty(), "a refresh replaces members");
    let created = store
        .refresh_group(acme.id, sim.id, &snapshot("new@g.us", "Nova", &[("+5511900000009", false)]), now(), &|group| {
            audit(acme.id, "group.created", Some(group.id))
        })
        .await
        .unwrap();
    assert_eq!(store.get_group(acme.id, created.id).await.unwrap(), Some(created));

    store.unimport_group(acme.id, imported[0].id, now(), &audit(acme.id, "group.unimported", None)).await.unwrap();
    assert_eq!(store.get_group(acme.id, imported[0].id).await.unwrap(), None);
    let missing = store.unimport_group(acme.id, imported[0].id, now(), &audit(acme.id, "group.unimported", None)).await;
    assert!(matches!(missing, Err(StoreError::NotFound)));
    let back =
        store.import_groups(acme.id, sim.id, &[sales], now(), &audit(acme.id, "groups.imported", None)).await.unwrap();
    assert_eq!(back[0].id, imported[0].id, "an un-imported group comes back as itself");

    let globex = company(&store, "Globex").await;
    let theirs = channel(&store, globex.id, "Simulador", ChannelKind::Simulator).await;
    let their_group = store
        .import_groups(globex.id, theirs.id, &[news], now(), &audit(globex.id, "groups.imported", None))
        .await
        .unwrap();
    let their_members = store.group_members(globex.id, their_group[0].id).await.unwrap();
    assert_ne!(their_members[0].contact_id, news_members[0].contact_id, "contacts are per company");
    assert!(store.group_members(acme.id, their_group[0].id).await.unwrap().is_empty());
    assert_eq!(store.get_group(acme.id, their_group[0].id).await.unwrap(), None);
}

/// A company's first import runs on tables the database has never analysed: the lookup of its
/// participants' contacts must still go through the (company, number) index, not walk the
/// company's contacts comparing numbers (1–2 s a statement on PostgreSQL before).
pub async fn a_first_import_finds_contacts_by_number_without_statistics(store: DynStore) {
    let mut numbers = Vec::new();
    for name in ["Acme", "Beta"] {
        let company = company(&store, name).await;
        let sim = channel(&store, company.id, "Simulador", ChannelKind::Simulator).await;
        let groups: Vec<GroupSnapshot> = (0..6)
            .map(|group| {
                let members: Vec<MemberPhone> =
                    (0..100).map(|n| member(&format!("+55119{group:02}{n:06}"), n == 0)).collect();
                GroupSnapshot { participants: members, ..snapshot(&format!("{group}@g.us"), "Grupo", &[]) }
            })
            .collect();
        let audit = audit(company.id, "groups.imported", None);
        store.import_groups(company.id, sim.id, &groups, now(), &audit).await.unwrap();
        numbers =
            groups.iter().flat_map(|group| group.participants.iter().map(|m| (company.id, m.phone.clone()))).collect();
    }
    let company_id = numbers[0].0;
    let phones: Vec<&str> = numbers.iter().map(|(_, phone)| phone.as_str()).collect();
    let plan = store.explain_contact_lookup(company_id, &phones).await.unwrap();
    assert!(
        crate::groups::contact_lookup_uses_number_index(&plan),
        "the import's contact lookup does not use the (company, number) index:\n{}",
        plan.join("\n")
    );
}

pub async fn groups_list_by_subject_with_filters(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let other = channel(&store, acme.id, "Outro", ChannelKind::Simulator).await;
    let support = department(&store, acme.id, "Suporte").await;
    let groups: Vec<GroupSnapshot> = ["Vendas", "Avisos", "Suporte VIP"]
        .iter()
        .enumerate()
        .map(|(n, s)| snapshot(&format!("{n}@g.us"), s, &[]))
        .collect();
    let imported =
        store.import_groups(acme.id, sim.id, &groups, now(), &audit(acme.id, "groups.imported", None)).await.unwrap();
    store
        .import_groups(acme.id, other.id, &[snapshot("9@g.us", "Outro canal", &[])], now(), &audit(acme.id, "x", None))
        .await
        .unwrap();

    let change = |settings: GroupSettings, company_id, id| {
        let store = store.clone();
        async move {
            let audit = |before: &Group, _: &Group| audit(company_id, "group.updated", Some(before.id));
            store.update_group_settings(company_id, id, &settings, now(), &audit).await
        }
    };
    let settings = GroupSettings { department_id: Some(Some(support.id)), muted: Some(true), ..Default::default() };
    change(settings, acme.id, imported[2].id).await.unwrap();
    let vip =
        change(GroupSettings { archived: Some(true), ..Default::default() }, acme.id, imported[2].id).await.unwrap();
    assert_eq!(
        (vip.department_id, vip.muted, vip.archived),
        (Some(support.id), true, true),
        "each change keeps the others"
    );
    assert_eq!(store.get_group(acme.id, vip.id).await.unwrap(), Some(vip.clone()));

    let list = |filter: GroupFilter, page: PageRequest| {
        let store = store.clone();
        async move { store.list_groups(acme.id, &filter, page).await.unwrap() }
    };
    let first = list(GroupFilter { channel_id: Some(sim.id), ..Default::default() }, PageRequest::first(2)).await;
    assert_eq!(first.items.iter().map(|g| g.subject.as_str()).collect::<Vec<_>>(), ["Avisos", "Suporte VIP"]);
    let rest_page = PageRequest::new(Some(2), first.next_cursor.map(|c| c.parse().unwrap()));
    let rest = list(GroupFilter { channel_id: Some(sim.id), ..Default::default() }, rest_page).await;
    assert_eq!((rest.items.len(), rest.items[0].subject.as_str(), rest.next_cursor), (1, "Vendas", None));
    let in_support =
        list(GroupFilter { department_id: Some(support.id), ..Default::default() }, PageRequest::first(10)).await;
    assert_eq!(in_support.items, vec![vip.clone()]);
    let active = list(GroupFilter { archived: Some(false), ..Default::default() }, PageRequest::first(10)).await;
    assert_eq!(active.items.len(), 3);
    let searched = list(GroupFilter { search: Some("vip".into()), ..Default::default() }, PageRequest::first(10)).await;
    assert_eq!(searched.items, vec![vip.clone()]);

    let dora = user(&store, acme.id, "Dora", "dora-groups@acme.test", false).await;
    store.set_user_channels(acme.id, dora.id, &[other.id], &audit(acme.id, "user.channels_set", None)).await.unwrap();
    let linked = list(GroupFilter { linked_user: Some(dora.id), ..Default::default() }, PageRequest::first(10)).await;
    assert_eq!(linked.items.iter().map(|g| g.subject.as_str()).collect::<Vec<_>>(), ["Outro canal"]);

    store.delete_channel(acme.id, other.id, &audit(acme.id, "channel.deleted", None)).await.unwrap();
    let all = list(GroupFilter::default(), PageRequest::first(10)).await;
    assert_eq!(all.items.len(), 3, "groups of a removed channel leave with it");

    let globex = company(&store, "Globex").await;
    let their_department = department(&store, globex.id, "Deles").await;
    let elsewhere = GroupSettings { department_id: Some(Some(their_department.id)), ..Default::default() };
    let moved = change(elsewhere, acme.id, vip.id).await;
    assert!(matches!(moved, Err(StoreError::UnknownReferences(ids)) if ids == [their_department.id]));
    store.delete_department(acme.id, support.id, &audit(acme.id, "department.deleted", None)).await.unwrap();
    let without = store.get_group(acme.id, vip.id).await.unwrap().unwrap();
    assert_eq!(without.department_id, None, "a removed department leaves its groups without one");

    assert!(
        store.list_groups(globex.id, &GroupFilter::default(), PageRequest::first(10)).await.unwrap().items.is_empty()
    );
    let stolen = change(GroupSettings { muted: Some(false), ..Default::default() }, globex.id, vip.id).await;
    assert!(matches!(stolen, Err(StoreError::NotFound)));
    let their_channel = channel(&store, globex.id, "Deles", ChannelKind::Simulator).await;
    let same_id = snapshot("0@g.us", "Intrusos", &[]);
    let theirs = store
        .import_groups(globex.id, their_channel.id, &[same_id], now(), &audit(globex.id, "x", None))
        .await
        .unwrap();
    assert_eq!(theirs[0].subject, "Intrusos", "the same WhatsApp id in another company is another group");
    assert_eq!(store.get_group(acme.id, imported[0].id).await.unwrap().unwrap().subject, "Vendas");
}

pub async fn group_changes_update_subject_and_members(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let sim = channel(&store, acme.id, "Simulador", ChannelKind::Simulator).await;
    let group = snapshot("1@g.us", "Vendas", &[("+5511900000001", true), ("+5511900000002", false)]);
    store.import_groups(acme.id, sim.id, &[group], now(), &audit(acme.id, "groups.imported", None)).await.unwrap();

    let apply = |change: GroupChange| {
        let store = store.clone();
        async move { store.apply_group_change(sim.id, "1@g.us", &change, now()).await.unwrap().unwrap() }
    };
    assert_eq!(apply(GroupChange::Subject("VENDAS SÃO JOÃO".into())).await.subject, "VENDAS SÃO JOÃO");
    let search = GroupFilter { search: Some("são joão".into()), ..Default::default() };
    let found = store.list_groups(acme.id, &search, PageRequest::first(10)).await.unwrap();
    assert_eq!(found.items.len(), 1, "accented subjects are found in any case on every database");
    assert_eq!(apply(GroupChange::Description(None)).await.description, None);
    let joined =
        apply(GroupChange::Joined(vec![member("+5511900000003", false), member("+5511900000002", false)])).await;
    assert_eq!(joined.participant_count, 3);
    let left = apply(GroupChange::Left(vec!["+5511900000001".into(), "+5511999999999".into()])).await;
    assert_eq!(left.participant_count, 2);
    apply(GroupChange::Promoted(vec!["+5511900000003".into()])).await;
    apply(GroupChange::Demoted(vec!["+5511900000002".into()])).await;
    let members = store.group_members(acme.id, left.id).await.unwrap();
    assert_eq!(
        members.iter().map(|m| (m.phone.as_str(), m.is_admin)).collect::<Vec<_>>(),
        [("+5511900000002", false), ("+5511900000003", true)]
    );

    let unknown = store.apply_group_change(sim.id, "404@g.us", &GroupChange::Subject("x".into()), now()).await.unwrap();
    assert_eq!(unknown, None, "changes of groups that are not imported are ignored");
}
