//! Text search: every list folds accents and case the same way, answers short terms, takes `%`
//! and `_` literally and keeps to the company; indexed searches are served by their index; keys
//! written before the search indexes are found once the store opens the database.

use blocopro_domain::channel::ChannelKind;
use blocopro_domain::contact::Contact;
use blocopro_domain::group::GroupSnapshot;
use uuid::Uuid;

use crate::conformance::*;
use crate::{ContactFilter, DynStore, GroupFilter, PageRequest, SearchedList, UserFilter};

/// The people (or group subjects) each company has, in every list.
const NAMES: [&str; 6] = ["João Conceição", "JOANA Simões", "Ana 100% Off", "ana_b", "anaxb", "Zé"];

/// What a search finds among `NAMES`, and why.
const CASES: [(&str, &[&str], &str); 14] = [
    ("joao", &["João Conceição"], "without accents"),
    ("JOÃO CONCEIÇÃO", &["João Conceição"], "in capitals, across a space"),
    ("ＪＯＡＯ", &["João Conceição"], "in full-width letters"),
    ("simoes", &["JOANA Simões"], "a later word"),
    ("jo", &["JOANA Simões", "João Conceição"], "two characters"),
    ("Ã", &["Ana 100% Off", "JOANA Simões", "João Conceição", "ana_b", "anaxb"], "one character, folded"),
    ("zé", &["Zé"], "two characters with an accent"),
    ("%", &["Ana 100% Off"], "a short `%`, literally"),
    ("_", &["ana_b"], "a short `_`, literally"),
    ("a_b", &["ana_b"], "an indexed `_`, literally"),
    ("0%o", &[], "an indexed `%`, literally"),
    ("0% o", &["Ana 100% Off"], "an indexed `%` in its place"),
    // The index is asked for a few trigrams ("joa", "con"); rows holding them but not the term are not found.
    ("joana conceicao", &[], "the index's rows held to the whole term"),
    ("joao simoes", &[], "the index's rows held to the whole term, across names"),
];

/// Gives the company a row named `name` in `list`: a user, a contact or an imported group.
async fn add_named(store: &DynStore, list: SearchedList, company_id: Uuid, names: &[&str]) {
    match list {
        SearchedList::Users => {
            for (n, name) in names.iter().enumerate() {
                // An e-mail with none of the letters searched for.
                let email = format!("p{n}.{}@x.test", company_id.as_u128() % 1_000_000_007);
                let user = blocopro_domain::user::User { full_name: None, ..new_user(company_id, name, &email, false) };
                store.create_user(&user, "hash", &audit(company_id, "user.created", Some(user.id))).await.unwrap();
            }
        }
        SearchedList::Contacts => {
            for (n, name) in names.iter().enumerate() {
                let phone = format!("+551190000{n:04}");
                let contact = Contact {
                    name: Some((*name).into()),
                    ..Contact::of_number(Uuid::now_v7(), company_id, &phone, now())
                };
                store.create_contact(&contact, &audit(company_id, "contact.created", None)).await.unwrap();
            }
        }
        SearchedList::Groups => {
            let sim = channel(store, company_id, "Simulador", ChannelKind::Simulator).await;
            let groups: Vec<GroupSnapshot> = names
                .iter()
                .enumerate()
                .map(|(n, subject)| GroupSnapshot {
                    description: None,
                    ..crate::conformance::snapshot(&format!("{n}@g.us"), subject, &[])
                })
                .collect();
            store
                .import_groups(company_id, sim.id, &groups, now(), &audit(company_id, "groups.imported", None))
                .await
                .unwrap();
        }
    }
}

/// The names `list` answers for `search` in the company, sorted (the lists' own orders are checked
/// by their areas).
async fn found(store: &DynStore, list: SearchedList, company_id: Uuid, search: &str) -> Vec<String> {
    let search = Some(search.to_owned());
    let page = PageRequest::first(200);
    let mut names: Vec<String> = match list {
        SearchedList::Users => {
            let filter = UserFilter { search, ..Default::default() };
            store.list_users(company_id, &filter, page).await.unwrap().items.into_iter().map(|user| user.name).collect()
        }
        SearchedList::Contacts => {
            let filter = ContactFilter { search, ..Default::default() };
            let contacts = store.list_contacts(company_id, &filter, page).await.unwrap().items;
            contacts.into_iter().map(|contact| contact.name.unwrap_or(contact.phone)).collect()
        }
        SearchedList::Groups => {
            let filter = GroupFilter { search, ..Default::default() };
            store
                .list_groups(company_id, &filter, page)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|group| group.subject)
                .collect()
        }
    };
    names.sort();
    names
}

pub async fn searches_fold_the_same_way_on_every_list(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    for list in SearchedList::ALL {
        add_named(&store, list, acme.id, &NAMES).await;
        // The same names in another company: found there only (once each, or a list would repeat them).
        add_named(&store, list, beta.id, &NAMES).await;
        for (search, expected, why) in CASES {
            assert_eq!(found(&store, list, acme.id, search).await, expected, "{list:?} {search:?}: {why}");
        }
        assert_eq!(found(&store, list, beta.id, "conceicao").await, ["João Conceição"], "{list:?}: the other company");
    }
}

pub async fn searches_are_served_by_their_index(store: DynStore) {
    let acme = company(&store, "Acme").await;
    let beta = company(&store, "Beta").await;
    for list in SearchedList::ALL {
        add_named(&store, list, acme.id, &NAMES).await;
        add_named(&store, list, beta.id, &NAMES).await;
        // A database never analysed: no statistics steer the plan.
        let plan = store.explain_search(list, acme.id, "joao conceicao").await.unwrap();
        assert!(plan.driven_by_search_index, "{list:?} is not served by its search index:\n{}", plan.lines.join("\n"));
    }
}

/// What `legacy_search_rows!` wrote before the search indexes, as the lists find it once the
/// store has opened the database: keys folded again (accents the former fold kept), users given
/// theirs, and the search indexes holding them all.
pub async fn legacy_rows_are_found_folded(store: DynStore, company_id: Uuid) {
    for list in SearchedList::ALL {
        let expected: &[&str] = match list {
            SearchedList::Groups => &["Grupo Şahin Öztürk"],
            _ => &["Şahin Öztürk"],
        };
        assert_eq!(found(&store, list, company_id, "sahin ozturk").await, expected, "{list:?}, indexed");
        assert_eq!(found(&store, list, company_id, "ŞAHİN").await, expected, "{list:?}, typed as written");
        assert_eq!(found(&store, list, company_id, "şa").await, expected, "{list:?}, short");
        let unchanged = found(&store, list, company_id, "conceicao").await;
        assert_eq!(unchanged.len(), 1, "{list:?}: a key the former fold wrote alike is in the index too");
    }
    let contacts = store.list_contacts(company_id, &ContactFilter::default(), PageRequest::first(10)).await.unwrap();
    let names: Vec<_> = contacts.items.into_iter().filter_map(|contact| contact.name).collect();
    assert_eq!(
        names,
        ["João Conceição", "Şahin Öztürk", "Zé"],
        "sorted by their keys folded again (\"ş\" came after \"z\")"
    );
}

/// Defines `write_legacy_rows(pool)` for a database migrated up to, not including, the search
/// indexes (0012): a company with a user, two contacts and two groups (on a channel), their keys
/// as the former fold wrote them (lower case, Portuguese accents only). Answers the company's id.
/// Expanded in a backend's tests, where `Db` is its database.
#[doc(hidden)]
#[macro_export]
macro_rules! legacy_search_rows {
    () => {
        async fn write_legacy_rows(pool: &sqlx::Pool<Db>) -> uuid::Uuid {
            use $crate::time::DbTime;
            let now = DbTime(blocopro_domain::Timestamp::now());
            let (company, channel) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
            sqlx::query("INSERT INTO companies (id, name, timezone, created_at) VALUES ($1, 'Legado', 'America/Sao_Paulo', $2)")
                .bind(company)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            let users = [("Şahin Öztürk", "sahin@legado.test"), ("João Conceição", "joao@legado.test")];
            for (name, email) in users {
                sqlx::query(
                    "INSERT INTO users (id, company_id, name, email, password_hash, status, visibility, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, 'hash', 'active', 'own', $5, $5)",
                )
                .bind(uuid::Uuid::now_v7())
                .bind(company)
                .bind(name)
                .bind(email)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            }
            let contacts = [
                ("+5511900000001", "Şahin Öztürk", "şahin öztürk"),
                ("+5511900000002", "João Conceição", "joao conceicao"),
                ("+5511900000003", "Zé", "ze"),
            ];
            for (phone, name, key) in contacts {
                sqlx::query(
                    "INSERT INTO contacts (id, company_id, phone, name, tags, search_key, sort_key, created_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
                )
                .bind(uuid::Uuid::now_v7())
                .bind(company)
                .bind(phone)
                .bind(name)
                .bind(sqlx::types::Json(Vec::<String>::new()))
                .bind(format!("{key}  {}", phone.trim_start_matches('+')))
                .bind(key)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            }
            sqlx::query(
                "INSERT INTO channels (id, company_id, name, kind, status, status_changed_at, created_at, updated_at) \
                 VALUES ($1, $2, 'Simulador', 'simulator', 'disconnected', $3, $3, $3)",
            )
            .bind(channel)
            .bind(company)
            .bind(now)
            .execute(pool)
            .await
            .unwrap();
            for (n, (subject, key)) in [("Grupo Şahin Öztürk", "grupo şahin öztürk"), ("Grupo Conceição", "grupo conceicao")].into_iter().enumerate() {
                sqlx::query(
                    "INSERT INTO whatsapp_groups (id, company_id, channel_id, external_id, subject, subject_key, \
                     own_number_is_admin, participant_count, imported_at, updated_at) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8)",
                )
                .bind(uuid::Uuid::now_v7())
                .bind(company)
                .bind(channel)
                .bind(format!("{n}@g.us"))
                .bind(subject)
                .bind(key)
                .bind(true)
                .bind(now)
                .execute(pool)
                .await
                .unwrap();
            }
            company
        }
    };
}
