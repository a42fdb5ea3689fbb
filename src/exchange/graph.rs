//! The network for graph tools: GraphML (Gephi, yEd, networkx) and GEXF 1.3 (Gephi), with
//! the kind, both names and the dates of each entity, and the predicate, role and dates of
//! each relation as typed attributes. Private data is left out before this is reached.
//! Both are valid against the formats' published XML Schemas (`tests/core/graph_schemas.rs`).

use super::handout::esc;
use crate::model::document::Document;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Whether `uid` can stand as a GraphML id as it is: the schema makes ids XML name tokens,
/// which the uids Lienket makes (UUIDs) always are; a uid imported from elsewhere may not
/// be ("tổ chức #1").
fn is_token(uid: &str) -> bool {
    !uid.is_empty()
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
}

/// Each entity's GraphML node id, by uid: the uid itself when it is a name token, else
/// "n" and the entity's place, kept apart from every other id.
fn node_ids(doc: &Document) -> HashMap<&str, String> {
    let taken: HashSet<&str> = doc
        .entities
        .iter()
        .map(|e| e.uid.as_str())
        .filter(|uid| is_token(uid))
        .collect();
    let mut made = HashSet::new();
    let mut ids = HashMap::new();
    for (i, e) in doc.entities.iter().enumerate() {
        let id = if is_token(&e.uid) {
            e.uid.clone()
        } else {
            let mut id = format!("n{i}");
            while taken.contains(id.as_str()) || !made.insert(id.clone()) {
                id.push('_');
            }
            id
        };
        ids.insert(e.uid.as_str(), id);
    }
    ids
}

/// Node attributes: (key, value of an entity).
fn node_values(e: &crate::model::document::DocEntity) -> [(&'static str, String); 5] {
    [
        ("kind", e.kind.clone()),
        ("name", e.name.clone()),
        ("name_en", e.name_en.clone().unwrap_or_default()),
        ("date_start", e.date_start.clone().unwrap_or_default()),
        ("date_end", e.date_end.clone().unwrap_or_default()),
    ]
}

/// Edge attributes.
fn edge_values(r: &crate::model::document::DocRelation) -> [(&'static str, String); 4] {
    [
        ("predicate", r.predicate.clone()),
        ("role", r.role.clone().unwrap_or_default()),
        ("date_start", r.date_start.clone().unwrap_or_default()),
        ("date_end", r.date_end.clone().unwrap_or_default()),
    ]
}

/// The document as GraphML.
pub fn graphml(doc: &Document) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (key, _) in node_values(&Default::default()) {
        let _ = writeln!(
            out,
            "  <key id=\"n_{key}\" for=\"node\" attr.name=\"{key}\" attr.type=\"string\"/>"
        );
    }
    for (key, _) in edge_values(&Default::default()) {
        let _ = writeln!(
            out,
            "  <key id=\"e_{key}\" for=\"edge\" attr.name=\"{key}\" attr.type=\"string\"/>"
        );
    }
    out.push_str("  <graph id=\"lienket\" edgedefault=\"directed\">\n");
    let ids = node_ids(doc);
    let id = |uid: &str| esc(ids.get(uid).map_or(uid, String::as_str));
    for e in &doc.entities {
        let _ = writeln!(out, "    <node id=\"{}\">", id(&e.uid));
        for (key, value) in node_values(e) {
            if !value.is_empty() {
                let _ = writeln!(out, "      <data key=\"n_{key}\">{}</data>", esc(&value));
            }
        }
        out.push_str("    </node>\n");
    }
    for r in &doc.relations {
        // An edge's id is optional: one that is not a name token is left out.
        out.push_str("    <edge");
        if is_token(&r.uid) {
            let _ = write!(out, " id=\"{}\"", r.uid);
        }
        let _ = writeln!(
            out,
            " source=\"{}\" target=\"{}\">",
            id(&r.subject),
            id(&r.object)
        );
        for (key, value) in edge_values(r) {
            if !value.is_empty() {
                let _ = writeln!(out, "      <data key=\"e_{key}\">{}</data>", esc(&value));
            }
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}

/// The document as GEXF 1.3.
pub fn gexf(doc: &Document) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd\" version=\"1.3\">\n  <meta>\n    <creator>Lienket</creator>\n  </meta>\n  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n",
    );
    let nodes = node_values(&Default::default());
    for (i, (key, _)) in nodes.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{key}\" type=\"string\"/>"
        );
    }
    out.push_str("    </attributes>\n    <attributes class=\"edge\">\n");
    let edges = edge_values(&Default::default());
    for (i, (key, _)) in edges.iter().enumerate() {
        let _ = writeln!(
            out,
            "      <attribute id=\"{i}\" title=\"{key}\" type=\"string\"/>"
        );
    }
    out.push_str("    </attributes>\n    <nodes>\n");
    for e in &doc.entities {
        let _ = writeln!(
            out,
            "      <node id=\"{}\" label=\"{}\">\n        <attvalues>",
            esc(&e.uid),
            esc(&e.name)
        );
        for (i, (_, value)) in node_values(e).iter().enumerate() {
            if !value.is_empty() {
                let _ = writeln!(
                    out,
                    "          <attvalue for=\"{i}\" value=\"{}\"/>",
                    esc(value)
                );
            }
        }
        out.push_str("        </attvalues>\n      </node>\n");
    }
    out.push_str("    </nodes>\n    <edges>\n");
    for r in &doc.relations {
        let _ = writeln!(
            out,
            "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\">\n        <attvalues>",
            esc(&r.uid),
            esc(&r.subject),
            esc(&r.object),
            esc(&r.predicate)
        );
        for (i, (_, value)) in edge_values(r).iter().enumerate() {
            if !value.is_empty() {
                let _ = writeln!(
                    out,
                    "          <attvalue for=\"{i}\" value=\"{}\"/>",
                    esc(value)
                );
            }
        }
        out.push_str("        </attvalues>\n      </edge>\n");
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::document::{DocEntity, DocRelation};

    #[test]
    fn a_uid_that_is_no_name_token_gets_a_node_id_no_other_node_has() {
        let entity = |uid: &str| DocEntity {
            uid: uid.into(),
            kind: "person".into(),
            name: uid.into(),
            ..DocEntity::default()
        };
        let doc = Document {
            entities: vec![entity("a b"), entity("n0"), entity("n0_"), entity("x")],
            relations: vec![DocRelation {
                uid: "r #1".into(),
                subject: "a b".into(),
                predicate: "knows".into(),
                object: "x".into(),
                ..DocRelation::default()
            }],
            ..Document::default()
        };
        let ids = node_ids(&doc);
        assert_eq!(ids["a b"], "n0__");
        assert_eq!((ids["n0"].as_str(), ids["x"].as_str()), ("n0", "x"));
        let xml = graphml(&doc);
        assert!(xml.contains(r#"<node id="n0__">"#), "{xml}");
        assert!(xml.contains(r#"<edge source="n0__" target="x">"#), "{xml}");
    }
}
