//! The SQLite schema and its migrations.
//!
//! The schema version lives in `PRAGMA user_version`. [`MIGRATIONS`] lists
//! every step from an empty database; opening a store runs the steps above
//! the database's version, each in its own transaction together with the
//! version bump, so a crash mid-migration leaves the previous version intact.

use crate::across::sketch::{encode_minhash, encode_terms, sketch, Sketch};
use crate::facts::Facts;
use crate::StoreError;
use rusqlite::{params, Connection, Transaction};

/// A data step of a migration, run in the migration's transaction.
pub type Backfill = fn(&Transaction<'_>) -> Result<(), StoreError>;

/// One schema step: SQL, then an optional data backfill in Rust.
pub struct Migration {
    /// The version the database has after this step.
    pub version: i64,
    /// What the step does, for the record.
    pub summary: &'static str,
    pub sql: &'static str,
    pub backfill: Option<Backfill>,
}

/// Every schema step, oldest first.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        summary: "documents: verbatim text, metadata, content hash and layers JSON",
        sql: "
            CREATE TABLE documents (
                id           INTEGER PRIMARY KEY,
                ext_id       TEXT NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                source       TEXT NOT NULL,
                date         TEXT,
                title        TEXT,
                url          TEXT,
                text         TEXT NOT NULL,
                layers       TEXT NOT NULL
            );
            CREATE INDEX documents_ext_id ON documents (ext_id);
            CREATE INDEX documents_date ON documents (date);
        ",
        backfill: None,
    },
    Migration {
        version: 2,
        summary: "mentions and events tables, filled from the stored layers",
        sql: "
            CREATE TABLE mentions (
                doc_id  INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                kind    TEXT NOT NULL,
                start   INTEGER NOT NULL,
                end     INTEGER NOT NULL,
                text    TEXT NOT NULL,
                key     TEXT NOT NULL,
                label   TEXT,
                value   TEXT,
                lat     REAL,
                lon     REAL,
                country TEXT
            );
            CREATE INDEX mentions_doc ON mentions (doc_id);
            CREATE INDEX mentions_kind_key ON mentions (kind, key);
            CREATE TABLE events (
                doc_id        INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                seq           INTEGER NOT NULL,
                type          TEXT NOT NULL,
                mode          TEXT,
                subtype       TEXT,
                trigger_start INTEGER NOT NULL,
                trigger_end   INTEGER NOT NULL,
                trigger_text  TEXT NOT NULL,
                actor         TEXT,
                recipient     TEXT,
                place_id      TEXT,
                place_name    TEXT,
                lat           REAL,
                lon           REAL,
                country       TEXT,
                date          TEXT,
                planned       INTEGER NOT NULL,
                negated       INTEGER NOT NULL,
                hypothetical  INTEGER NOT NULL,
                reported      INTEGER NOT NULL,
                confidence    REAL,
                PRIMARY KEY (doc_id, seq)
            );
            CREATE INDEX events_type_date ON events (type, date);
        ",
        backfill: Some(backfill_facts_v2),
    },
    Migration {
        version: 3,
        summary:
            "across-article linking: exact copies, sketches (MinHash + terms), quotes, near-duplicates, \
                  stories, global entities, event groups; new mention and event columns backfilled",
        sql: "
            ALTER TABLE mentions ADD COLUMN origin TEXT;
            ALTER TABLE mentions ADD COLUMN latin TEXT;
            ALTER TABLE events ADD COLUMN sentence_start INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE events ADD COLUMN sentence_end INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE events ADD COLUMN group_id INTEGER;
            CREATE INDEX events_group ON events (group_id);
            CREATE TABLE quotes (
                doc_id       INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                seq          INTEGER NOT NULL,
                start        INTEGER NOT NULL,
                end          INTEGER NOT NULL,
                text         TEXT NOT NULL,
                direct       INTEGER NOT NULL,
                speaker_text TEXT,
                speaker_key  TEXT,
                PRIMARY KEY (doc_id, seq)
            );
            CREATE TABLE copies (
                doc_id INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
                source TEXT NOT NULL,
                ext_id TEXT NOT NULL,
                date   TEXT,
                title  TEXT,
                url    TEXT,
                UNIQUE (doc_id, source, ext_id)
            );
            CREATE TABLE sketches (
                doc_id   INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
                minhash  BLOB NOT NULL,
                shingles INTEGER NOT NULL,
                terms    BLOB NOT NULL
            );
            CREATE TABLE near_duplicates (
                doc_id     INTEGER NOT NULL,
                other_id   INTEGER NOT NULL,
                similarity REAL NOT NULL,
                PRIMARY KEY (doc_id, other_id)
            ) WITHOUT ROWID;
            CREATE TABLE stories (
                id           INTEGER PRIMARY KEY,
                title        TEXT NOT NULL,
                first_date   TEXT,
                last_date    TEXT,
                documents    INTEGER NOT NULL,
                sources      INTEGER NOT NULL,
                top_entities TEXT NOT NULL,
                top_places   TEXT NOT NULL
            );
            CREATE INDEX stories_last_date ON stories (last_date);
            CREATE TABLE story_documents (
                doc_id   INTEGER PRIMARY KEY,
                story_id INTEGER NOT NULL
            );
            CREATE INDEX story_documents_story ON story_documents (story_id);
            CREATE TABLE entities (
                id          TEXT PRIMARY KEY,
                canonical   TEXT NOT NULL,
                name_key    TEXT NOT NULL,
                label       TEXT NOT NULL,
                latin       TEXT,
                nationality TEXT,
                documents   INTEGER NOT NULL,
                mentions    INTEGER NOT NULL,
                first_date  TEXT,
                last_date   TEXT
            );
            CREATE INDEX entities_documents ON entities (documents DESC, id);
            CREATE TABLE entity_aliases (
                entity_id TEXT NOT NULL,
                name      TEXT NOT NULL,
                name_key  TEXT NOT NULL,
                count     INTEGER NOT NULL,
                PRIMARY KEY (entity_id, name)
            );
            CREATE INDEX entity_aliases_key ON entity_aliases (name_key);
            CREATE TABLE entity_roles (
                entity_id TEXT NOT NULL,
                name      TEXT NOT NULL,
                count     INTEGER NOT NULL,
                PRIMARY KEY (entity_id, name)
            );
            CREATE TABLE entity_links (
                entity_id TEXT NOT NULL,
                doc_id    INTEGER NOT NULL,
                key       TEXT NOT NULL,
                mentions  INTEGER NOT NULL,
                PRIMARY KEY (doc_id, key, entity_id)
            );
            CREATE INDEX entity_links_entity ON entity_links (entity_id, doc_id);
            CREATE TABLE event_groups (
                id               INTEGER PRIMARY KEY,
                type             TEXT NOT NULL,
                mode             TEXT,
                subtype          TEXT,
                actor            TEXT,
                recipient        TEXT,
                actor_entity     TEXT,
                recipient_entity TEXT,
                place_id         TEXT,
                place_name       TEXT,
                lat              REAL,
                lon              REAL,
                country          TEXT,
                date             TEXT,
                day              TEXT,
                planned          INTEGER NOT NULL,
                negated          INTEGER NOT NULL,
                documents        INTEGER NOT NULL,
                sources          INTEGER NOT NULL,
                story_id         INTEGER
            );
            CREATE INDEX event_groups_day ON event_groups (day);
            CREATE TABLE places (
                place_id  TEXT PRIMARY KEY,
                name      TEXT NOT NULL,
                name_key  TEXT NOT NULL,
                kind      TEXT,
                lat       REAL NOT NULL,
                lon       REAL NOT NULL,
                country   TEXT,
                documents INTEGER NOT NULL,
                events    INTEGER NOT NULL
            );
            CREATE INDEX places_name_key ON places (name_key);
            CREATE TABLE relink_state (
                id         INTEGER PRIMARY KEY CHECK (id = 1),
                documents  INTEGER NOT NULL,
                copies     INTEGER NOT NULL,
                max_doc_id INTEGER NOT NULL
            );
        ",
        backfill: Some(backfill_v3),
    },
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = 3;

/// The database's schema version (0 for a new database).
pub fn schema_version(conn: &Connection) -> Result<i64, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the database up to [`SCHEMA_VERSION`].
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Runs the migrations up to `target` (tests build old databases with it).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<(), StoreError> {
    let found = schema_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
    }
    for step in MIGRATIONS.iter().filter(|m| m.version > found && m.version <= target) {
        let tx = conn.transaction()?;
        tx.execute_batch(step.sql)?;
        if let Some(backfill) = step.backfill {
            backfill(&tx)?;
        }
        // PRAGMA takes no bound parameters; the version is our own integer.
        tx.execute_batch(&format!("PRAGMA user_version = {}", step.version))?;
        tx.commit()?;
    }
    Ok(())
}

/// Version 2's backfill: the mentions and events rows of every stored
/// document, in version 2's columns (later versions add theirs).
fn backfill_facts_v2(tx: &Transaction<'_>) -> Result<(), StoreError> {
    let mut select = tx.prepare("SELECT id, layers FROM documents ORDER BY id")?;
    let rows = select.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (doc_id, layers) = row?;
        let layers: serde_json::Value = serde_json::from_str(&layers)
            .map_err(|e| StoreError::CorruptLayers { doc_id, message: e.to_string() })?;
        insert_facts_v2(tx, doc_id, &Facts::from_layers(&layers))?;
    }
    Ok(())
}

/// Version 3's backfill: derive every document's rows again (the new
/// columns and the quotes table) and compute its sketch.
fn backfill_v3(tx: &Transaction<'_>) -> Result<(), StoreError> {
    tx.execute_batch("DELETE FROM mentions; DELETE FROM events;")?;
    let mut select = tx.prepare("SELECT id, text, layers FROM documents ORDER BY id")?;
    let rows = select
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (doc_id, text, layers) = row?;
        let layers: serde_json::Value = serde_json::from_str(&layers)
            .map_err(|e| StoreError::CorruptLayers { doc_id, message: e.to_string() })?;
        insert_facts(tx, doc_id, &Facts::from_layers(&layers))?;
        insert_sketch(tx, doc_id, &sketch(&text, &[]))?;
    }
    Ok(())
}

/// Stores a document's sketch.
pub(crate) fn insert_sketch(conn: &Connection, doc_id: i64, sketch: &Sketch) -> Result<(), StoreError> {
    let mut insert = conn.prepare_cached(
        "INSERT OR REPLACE INTO sketches (doc_id, minhash, shingles, terms) VALUES (?1, ?2, ?3, ?4)",
    )?;
    insert.execute(params![
        doc_id,
        encode_minhash(&sketch.minhash),
        sketch.shingles,
        encode_terms(&sketch.terms)
    ])?;
    Ok(())
}

/// Inserts a document's mentions and events rows in version 2's columns.
fn insert_facts_v2(conn: &Connection, doc_id: i64, facts: &Facts) -> Result<(), StoreError> {
    let mut mention = conn.prepare_cached(
        "INSERT INTO mentions (doc_id, kind, start, end, text, key, label, value, lat, lon, country)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for m in &facts.mentions {
        mention.execute(params![
            doc_id, m.kind, m.start, m.end, m.text, m.key, m.label, m.value, m.lat, m.lon, m.country
        ])?;
    }
    let mut event = conn.prepare_cached(
        "INSERT INTO events (doc_id, seq, type, mode, subtype, trigger_start, trigger_end, trigger_text,
             actor, recipient, place_id, place_name, lat, lon, country, date,
             planned, negated, hypothetical, reported, confidence)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    for e in &facts.events {
        event.execute(params![
            doc_id,
            e.seq,
            e.kind,
            e.mode,
            e.subtype,
            e.trigger_start,
            e.trigger_end,
            e.trigger_text,
            e.actor,
            e.recipient,
            e.place_id,
            e.place_name,
            e.lat,
            e.lon,
            e.country,
            e.date,
            e.planned,
            e.negated,
            e.hypothetical,
            e.reported,
            e.confidence
        ])?;
    }
    Ok(())
}

/// Inserts a document's mentions, events and quotes rows.
pub(crate) fn insert_facts(conn: &Connection, doc_id: i64, facts: &Facts) -> Result<(), StoreError> {
    let mut mention = conn.prepare_cached(
        "INSERT INTO mentions (doc_id, kind, start, end, text, key, label, value, lat, lon, country, origin, latin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for m in &facts.mentions {
        mention.execute(params![
            doc_id, m.kind, m.start, m.end, m.text, m.key, m.label, m.value, m.lat, m.lon, m.country,
            m.origin, m.latin
        ])?;
    }
    let mut event = conn.prepare_cached(
        "INSERT INTO events (doc_id, seq, type, mode, subtype, trigger_start, trigger_end, trigger_text,
             actor, recipient, place_id, place_name, lat, lon, country, date,
             planned, negated, hypothetical, reported, confidence, sentence_start, sentence_end)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
             ?22, ?23)",
    )?;
    for e in &facts.events {
        event.execute(params![
            doc_id,
            e.seq,
            e.kind,
            e.mode,
            e.subtype,
            e.trigger_start,
            e.trigger_end,
            e.trigger_text,
            e.actor,
            e.recipient,
            e.place_id,
            e.place_name,
            e.lat,
            e.lon,
            e.country,
            e.date,
            e.planned,
            e.negated,
            e.hypothetical,
            e.reported,
            e.confidence,
            e.sentence_start,
            e.sentence_end
        ])?;
    }
    let mut quote = conn.prepare_cached(
        "INSERT INTO quotes (doc_id, seq, start, end, text, direct, speaker_text, speaker_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for q in &facts.quotes {
        quote.execute(params![
            doc_id,
            q.seq,
            q.start,
            q.end,
            q.text,
            q.direct,
            q.speaker_text,
            q.speaker_key
        ])?;
    }
    Ok(())
}
