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
}

export type Credential =
  | { type: 'session'; sessionId: string; issuedAt: number }
  | { type: 'api_token'; tokenId: string };
