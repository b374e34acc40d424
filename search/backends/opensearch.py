"""Thin OpenSearch client: the engine backend's queries go out through opensearch-py."""

from urllib.parse import parse_qs, unquote, urlsplit

from .loading import LoadingClient


def connection_options(url):
    """hosts, TLS, credentials and replicas from a SEARCH_URL such as
    opensearch+https://u:p@h:443?verify=0 or, for a cluster, opensearch://h1:9200,h2:9200?replicas=1.
    "host" and "port" are the first node's."""
    parts = urlsplit(url)
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    use_tls = parts.scheme.endswith("+https")
    default_port = 443 if use_tls else 9200
    # urlsplit reads one host only: split the node list after the credentials ourselves.
    hosts = [
        (node.hostname or "127.0.0.1", node.port or default_port)
        for address in parts.netloc.rpartition("@")[2].split(",")
        for node in [urlsplit(f"//{address}")]
    ]
    options = {
        "host": hosts[0][0],
        "port": hosts[0][1],
        "hosts": hosts,
        "replicas": int(query["replicas"]) if "replicas" in query else None,
        "use_tls": use_tls,
        "verify_certs": query.get("verify", "1") != "0",
        "ca_certs": query.get("ca"),
        "timeout": float(query.get("timeout", "10")),
        "credentials": (unquote(parts.username), unquote(parts.password or "")) if parts.username else None,
    }
    return options


class OpenSearchClient(LoadingClient):
    product = "OpenSearch"

    def __init__(self, url, timeout=None, **extra):
        """`timeout` (seconds) overrides the URL's ?timeout= (default 10 s): searches
        use a short one, indexing the longer one."""
        from opensearchpy import OpenSearch

        options = connection_options(url)
        self.client = OpenSearch(
            hosts=[{"host": host, "port": port} for host, port in options["hosts"]],
            http_auth=options["credentials"],
            use_ssl=options["use_tls"],
            verify_certs=options["verify_certs"],
            ca_certs=options["ca_certs"],
            ssl_show_warn=False,
            timeout=options["timeout"] if timeout is None else timeout,
            **extra,
        )
        self.replicas = options["replicas"]

    def search(self, index, body):
        return self.client.search(index=index, body=body)

    def _helper_bulk(self, actions, refresh=False):
        from opensearchpy.helpers import bulk

        return bulk(self.client, actions, refresh=refresh, raise_on_error=True, chunk_size=1000)

    def send_bulk(self, body):
        """One bulk request of NDJSON bytes; the answer with its per-document results."""
        return self.client.bulk(body=body)

    def _create_index(self, name, body):
        self.client.indices.create(index=name, body=body)

    def index_settings(self, index, names):
        """{name: value or None (the default)} of the flat setting names, e.g. index.refresh_interval."""
        found = self.client.indices.get_settings(index=index, flat_settings=True)[index]["settings"]
        return {name: found.get(name) for name in names}

    def put_index_settings(self, index, settings):
        self.client.indices.put_settings(index=index, body=settings)

    def aliases_of(self, index):
        return sorted(self.client.indices.get_alias(index=index)[index]["aliases"])

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def alias_targets(self, alias):
        # From the asked node's own cluster state (local): every search looks the alias
        # up, and on a cluster that has just lost its manager a node can still answer this.
        if not self.client.indices.exists_alias(name=alias, local=True):
            return []
        return sorted(self.client.indices.get_alias(name=alias, local=True))

    def point_alias(self, alias, index, previous):
        actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": alias}})
        self.client.indices.update_aliases(body={"actions": actions})

    def _refresh(self, index):
        self.client.indices.refresh(index=index)

    def count(self, index):
        return self.client.count(index=index)["count"]

    def ids(self, index):
        from opensearchpy.helpers import scan

        return {int(hit["_id"]) for hit in scan(self.client, index=index, query={"_source": False})}

    def health(self):
        return self.client.cluster.health()
