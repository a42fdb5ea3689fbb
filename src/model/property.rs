//! The format checks of the typed properties that have one: website, phone, e-mail. The
//! window's form and the command line check the same way.

/// What is wrong with the value of property `key`, as a translation key; `None` when it
/// looks right, or when the property has no format to check (address, note, any other).
pub fn problem(key: &str, v: &str) -> Option<&'static str> {
    let (ok, problem) = match key {
        "email" => {
            let mut parts = v.split('@');
            let ok = matches!(
                (parts.next(), parts.next(), parts.next()),
                (Some(user), Some(host), None)
                    if !user.is_empty() && host.contains('.') && !host.starts_with('.')
                        && !host.ends_with('.') && !v.contains(char::is_whitespace)
            );
            (ok, "bad_email")
        }
        "website" => {
            let rest = v
                .strip_prefix("https://")
                .or_else(|| v.strip_prefix("http://"))
                .unwrap_or(v);
            let ok =
                rest.contains('.') && !rest.starts_with('.') && !v.contains(char::is_whitespace);
            (ok, "bad_website")
        }
        "phone" => {
            let digits = v.chars().filter(char::is_ascii_digit).count();
            let ok = (6..=15).contains(&digits)
                && v.chars()
                    .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
            (ok, "bad_phone")
        }
        _ => (true, ""),
    };
    (!ok).then_some(problem)
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn typed_properties_are_checked_for_their_format() {
        assert_eq!(problem("email", "lan@ngo.org.vn"), None);
        assert_eq!(problem("email", "lan@ngo"), Some("bad_email"));
        assert_eq!(problem("email", "lan ngo@x.vn"), Some("bad_email"));
        assert_eq!(problem("website", "https://molisa.gov.vn"), None);
        assert_eq!(problem("website", "molisa.gov.vn"), None);
        assert_eq!(problem("website", "molisa"), Some("bad_website"));
        assert_eq!(problem("phone", "+84 24 3826 9556"), None);
        assert_eq!(problem("phone", "024.3826.9556"), None);
        assert_eq!(problem("phone", "gọi tôi"), Some("bad_phone"));
        assert_eq!(problem("address", "số 12, phố X"), None);
        assert_eq!(problem("note", "gọi tôi"), None);
    }
}
