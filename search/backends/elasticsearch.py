"""Thin Elasticsearch 8 client: the same query JSON as OpenSearch, through elasticsearch-py.

CI proves the queries against OpenSearch (Elasticsearch's server cannot be obtained on
these machines); this adapter only translates the calls.
"""

from .loading import LoadingClient
from .opensearch import connection_options


class ElasticsearchClient(LoadingClient):
    product = "Elasticsearch"

    def __init__(self, url, timeout=None, **extra):
        """`timeout` (seconds) overrides the URL's ?timeout= (default 10 s)."""
        from elasticsearch import Elasticsearch

        options = connection_options(url)
        scheme = "https" if options["use_tls"] else "http"
        self.client = Elasticsearch(
            [f"{scheme}://{host}:{port}" for host, port in options["hosts"]],
            basic_auth=options["credentials"],
            verify_certs=options["verify_certs"],
            ca_certs=options["ca_certs"],
            request_timeout=options["timeout"] if timeout is None else timeout,
            **extra,
        )
        self.replicas = options["replicas"]

    def search(self, index, body):
        return self.client.search(index=index, body=body).body

    def _helper_bulk(self, actions, refresh=False):
        from elasticsearch.helpers import bulk

        return bulk(self.client, actions, refresh=refresh, raise_on_error=True, chunk_size=1000)

    def send_bulk(self, body):
        return self.client.bulk(operations=body).body

    def _create_index(self, name, body):
        self.client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])

    def index_settings(self, index, names):
        found = self.client.indices.get_settings(index=index, flat_settings=True).body[index]["settings"]
        return {name: found.get(name) for name in names}

    def put_index_settings(self, index, settings):
        self.client.indices.put_settings(index=index, settings=settings)

    def aliases_of(self, index):
        return sorted(self.client.indices.get_alias(index=index).body[index]["aliases"])

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def alias_targets(self, alias):
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(self.client.indices.get_alias(name=alias).body)

    def point_alias(self, alias, index, previous):
        actions = [{"remove": {"index": old, "alias": alias}} for old in previous]
        actions.append({"add": {"index": index, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)

    def _refresh(self, index):
        self.client.indices.refresh(index=index)

    def count(self, index):
        return self.client.count(index=index)["count"]

    def ids(self, index):
        from elasticsearch.helpers import scan

        return {int(hit["_id"]) for hit in scan(self.client, index=index, query={"_source": False})}

    def health(self):
        return self.client.cluster.health().body
