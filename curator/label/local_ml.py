"""Label Studio's address checks, narrowed so the managed server may reach `curator serve` on 127.0.0.1.

Label Studio refuses to call local addresses from ML backends (`ML_BLOCK_LOCAL_IP`) and webhooks
(`SSRF_PROTECTION_ENABLED`), both on by default, so a model served on loopback could not be connected. We keep both
checks on and replace its default list of banned networks with the same list less exactly 127.0.0.1: the managed
server (itself loopback-only) may call services on 127.0.0.1 — `curator serve` — and still no other private,
link-local or reserved address. Users of their own Label Studio server set this themselves (docs/deploy.md).
"""

from __future__ import annotations

import ipaddress

# label_studio.core.utils.io.validate_ip's default_banned_subnets (Label Studio 1.23)
DEFAULT_BANNED = [
    "0.0.0.0/8",
    "10.0.0.0/8",
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "172.16.0.0/12",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "192.168.0.0/16",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "224.0.0.0/4",
    "233.252.0.0/24",
    "240.0.0.0/4",
    "255.255.255.255/32",
    "::/128",
    "::1/128",
    "::ffff:0:0/96",
    "::ffff:0:0:0/96",
    "64:ff9b::/96",
    "64:ff9b:1::/48",
    "100::/64",
    "2001:0000::/32",
    "2001:20::/28",
    "2001:db8::/32",
    "2002::/16",
    "fc00::/7",
    "fe80::/10",
    "ff00::/8",
]
ALLOWED = ipaddress.ip_network("127.0.0.1/32")


def banned_but_loopback_host() -> list[str]:
    """The default banned networks with 127.0.0.1 carved out of 127.0.0.0/8."""
    out: list[str] = []
    for net in DEFAULT_BANNED:
        if net == "127.0.0.0/8":
            out += sorted(str(n) for n in ipaddress.ip_network(net).address_exclude(ALLOWED))
        else:
            out.append(net)
    return out


def local_ml_env() -> dict[str, str]:
    """Environment of the managed Label Studio server: checks on, 127.0.0.1 allowed."""
    return {
        "ML_BLOCK_LOCAL_IP": "true",
        "SSRF_PROTECTION_ENABLED": "true",
        "USE_DEFAULT_BANNED_SUBNETS": "false",
        "USER_ADDITIONAL_BANNED_SUBNETS": ",".join(banned_but_loopback_host()),
    }
