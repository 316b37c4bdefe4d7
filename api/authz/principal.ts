/**
 * Who is asking. Built per request from the credential by `api/auth`, from current state: claims in a
 * token only say who, never what they may do.
 */
export interface Principal {
  kind: 'user';
  userId: string;
  email: string;
  /** Read from the users projection for this request, not from the token. */
  isPlatformAdmin: boolean;
  credential: Credential;
  /** Only for API tokens: what the token narrows its creator's current rights to. */
  scope?: TokenScope;
}

export interface TokenScope {
  /** The team whose rights the token carries (its creator must still belong to it); null: none in particular. */
  teamId: string | null;
  /** The one virtual server the token may reach, on the MCP surface only. */
  serverId: string | null;
  /** null: everything the creator may do; otherwise the intersection with this list. */
  permissions: readonly string[] | null;
}

export type Credential =
  | { type: 'session'; sessionId: string; issuedAt: number }
  | { type: 'api_token'; tokenId: string };
