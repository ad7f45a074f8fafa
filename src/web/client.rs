//! The client's address: the connection's peer, or, behind a trusted proxy,
//! the nearest address in `X-Forwarded-For` that is not a trusted proxy.

use std::net::IpAddr;

use actix_web::HttpRequest;

pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let Some(peer) = peer else {
        return "unknown".to_owned();
    };
    if !trusted_proxies.contains(&peer) {
        return peer.to_string();
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .collect();
    forwarded
        .into_iter()
        .rev()
        .find(|ip| !trusted_proxies.contains(ip))
        .unwrap_or(peer)
        .to_string()
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn request(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut req = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        if let Some(f) = forwarded {
            req = req.insert_header(("X-Forwarded-For", f));
        }
        req.to_http_request()
    }

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.5".parse().unwrap();
        assert_eq!(
            client_ip(&request("203.0.113.7", Some("198.51.100.1")), &[proxy]),
            "203.0.113.7"
        );
        assert_eq!(
            client_ip(&request("10.0.0.5", Some("198.51.100.1")), &[proxy]),
            "198.51.100.1"
        );
        // A client cannot hide behind an address it writes itself.
        assert_eq!(
            client_ip(
                &request("10.0.0.5", Some("1.2.3.4, 198.51.100.1")),
                &[proxy]
            ),
            "198.51.100.1"
        );
        assert_eq!(
            client_ip(&request("10.0.0.5", Some("garbage")), &[proxy]),
            "10.0.0.5"
        );
        assert_eq!(client_ip(&request("10.0.0.5", None), &[]), "10.0.0.5");
    }
}
