"""Layer 2, the recorder's rules: profiles, hashing (and the request as the hash sees it), layout, endpoints, node ids, response normalisation, test sources.

May import only inspector.core.base.
"""
