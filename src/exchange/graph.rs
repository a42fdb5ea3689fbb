//! The network for graph tools: GraphML (Gephi, yEd, networkx) and GEXF 1.3 (Gephi), with
//! the kind, both names and the dates of each entity, and the predicate, role and dates of
//! each relation as typed attributes. Private data is left out before this is reached.

use super::handout::esc;
use crate::model::document::Document;
use std::fmt::Write as _;

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
    for e in &doc.entities {
        let _ = writeln!(out, "    <node id=\"{}\">", esc(&e.uid));
        for (key, value) in node_values(e) {
            if !value.is_empty() {
                let _ = writeln!(out, "      <data key=\"n_{key}\">{}</data>", esc(&value));
            }
        }
        out.push_str("    </node>\n");
    }
    for r in &doc.relations {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            esc(&r.uid),
            esc(&r.subject),
            esc(&r.object)
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
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" version=\"1.3\">\n  <meta>\n    <creator>Lienket</creator>\n  </meta>\n  <graph defaultedgetype=\"directed\" mode=\"static\">\n    <attributes class=\"node\">\n",
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
