# Varnish in front of the news portal (Debian: varnish 7.x, varnish-modules for xkey).
#
# - Readers' pages are kept as long as the app's Cache-Control s-maxage says (a day): every
#   change purges exactly the pages it touches, by surrogate key (xkey), from the app. What
#   leaves Varnish has no s-maxage: a proxy beyond it is not purged. Text is sent gzipped.
# - Signed-in staff (a session cookie), every method but GET/HEAD, the admin and previews go
#   straight to the app; other cookies are dropped, so no page varies per reader.
# - Tracking tags (utm_*, fbclid, …) are dropped from the query (one copy per page) and put back
#   on a redirect's Location.
# - Grace: while the app is healthy a stale page is served at most 10 s while it is fetched
#   anew; while the app is down (its /healthz probe fails), cached pages are served for a day.
#
# `make serve` renders the backend address from VARNISH_BACKEND (host:port, default
# 127.0.0.1:8000) into a copy of this file.
vcl 4.1;

import std;
import xkey;

backend app {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
    # Only the database counts here (?for=edge): without Redis the app still draws pages.
    # The Host must be one of the app's ALLOWED_HOSTS (`make serve` puts the first one in).
    .probe = {
        .request =
            "GET /healthz?for=edge HTTP/1.1"
            "Host: localhost"
            "X-Forwarded-Proto: https"
            "Connection: close";
        .interval = 1s;
        .timeout = 2s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the app servers. Add their addresses when Varnish runs on another host.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    unset req.http.X-Tracking;  # only ever set below, from the request's own address
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, previews, the health check and the most-read beacon always reach the app.
    if (req.url ~ "^/(en/)?(admin|preview|hit)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # A browser that just posted reads from the primary database for a few seconds
    # (newsportal/replicas.py): its next pages come from the app, not from a copy.
    if (req.http.Cookie ~ "(^|;\s*)read_primary=") {
        return (pass);
    }
    unset req.http.Cookie;
    # Tracking tags (a new fbclid on every click from a social network) leave the query:
    # such readers share the page's one copy. The same names as newsportal/tracking.py. A
    # redirect in answer gets them back (vcl_deliver), for analytics in the browser.
    if (req.url ~ "\?") {
        set req.http.X-Query = "&" + regsub(req.url, "^[^?]*\?", "");
        set req.http.X-Tracking = regsuball(req.http.X-Query,
            "&(?!(?:utm_[a-z0-9_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|igshid|igsh|yclid|mc_cid|mc_eid|_ga|_gl|ref_src)=)[^&]*", "");
        set req.http.X-Query = regsuball(req.http.X-Query,
            "&(utm_[a-z0-9_]+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|twclid|ttclid|igshid|igsh|yclid|mc_cid|mc_eid|_ga|_gl|ref_src)=[^&]*", "");
        set req.url = regsub(req.url, "\?.*$", "") + regsub(req.http.X-Query, "^&", "?");
        set req.url = regsub(req.url, "\?&*$", "");
        unset req.http.X-Query;
    }
    # One copy whatever the order of the other parameters.
    set req.url = std.querysort(req.url);
    # The language is in the address (/en/…, or ?lang= in the API), never chosen from the
    # browser's: one copy per address, whatever `Vary: Accept-Language` says.
    unset req.http.Accept-Language;
    if (std.healthy(req.backend_hint)) {
        set req.grace = 10s;
    }
    return (hash);
}

sub vcl_backend_fetch {
    unset bereq.http.X-Tracking;  # the app reads no tags (it drops them too)
}

sub vcl_backend_response {
    # Pages, feeds and sitemaps travel compressed (Varnish keeps one gzipped copy and unzips
    # it for the rare client that cannot take gzip).
    if (beresp.http.Content-Type ~ "^(text/|application/(xml|rss\+xml|atom\+xml|json))" &&
        !beresp.http.Content-Encoding) {
        set beresp.do_gzip = true;
    }
    # Kept stale for a day, served only while the app is down (see req.grace above).
    set beresp.grace = 24h;
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
    }
    # Only what the app marks as shared is kept (pages it can purge by key); anything else,
    # search results for one, goes to the app every time.
    if (beresp.http.Cache-Control !~ "(public|s-maxage)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys are for caches, not for readers.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Key;
    unset resp.http.Cache-Tag;
    # The long shared lifetime is for this cache, which is purged; a proxy or CDN further on
    # is not, so it keeps a page only as long as a browser does.
    if (resp.http.Cache-Control) {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, ",\s*s-maxage=\d+", "");
    }
    # A redirect to an address on this site carries the reader's tracking tags on, before its
    # #fragment if it has one (added here on each delivery, never kept in a cached copy).
    if (req.http.X-Tracking ~ "." && resp.status >= 301 && resp.status <= 308 &&
        resp.http.Location ~ "^/($|[^/\\])") {
        set resp.http.X-Fragment = regsub(resp.http.Location, "^[^#]*", "");
        set resp.http.Location = regsub(resp.http.Location, "#.*$", "");
        if (resp.http.Location ~ "\?") {
            set resp.http.Location = resp.http.Location + req.http.X-Tracking;
        } else {
            set resp.http.Location = resp.http.Location + regsub(req.http.X-Tracking, "^&", "?");
        }
        set resp.http.Location = resp.http.Location + resp.http.X-Fragment;
        unset resp.http.X-Fragment;
    }
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
