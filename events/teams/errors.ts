import { AppError } from '../errors.js';

export class LastOwnerError extends AppError {
  constructor() {
    super('LAST_OWNER', 'A team must keep at least one owner: make another member owner first');
  }
}

export class LimitReachedError extends AppError {
  constructor(limit: 'MAX_TEAMS_PER_USER' | 'MAX_MEMBERS_PER_TEAM', value: number, whose: string) {
    super('LIMIT_REACHED', `${whose} already at the limit of ${value} (${limit})`, { limit, value });
  }
}

export class PersonalTeamError extends AppError {
  constructor(action: string) {
    super('PERSONAL_TEAM', `A personal team cannot be ${action}`);
  }
}

export class InvitationInvalidError extends AppError {
  constructor(reason: string) {
    super('INVITATION_INVALID', reason);
  }
}
