import type { Collection, Db } from 'mongodb';
import { fromStoredDay, toStoredDay } from '../db/days.js';
import type { CollectionIndexes } from '../db/indexes.js';
import { findPage, type Page, type PageRequest } from '../db/page.js';
import { type UpsertCounts, upsertById } from '../db/upsert-by-id.js';

/** A participant's membership of a team over an inclusive date range (the engine's `TeamMembership`). */
export interface TeamMembership {
  participantId: string;
  teamId: string;
  role: string;
  from: string;
  to: string | null;
  /** The participant oversees the team ('for managed teams') rather than working in it; absent: false. */
  manages?: boolean;
}

/** A key account team with its members; its accounts point at it by `teamId`. */
export interface Team {
  id: string;
  name: string;
  members: TeamMembership[];
}

interface MemberDocument {
  participantId: string;
  role: string;
  from: Date;
  to: Date | null;
  /** Stored only when true, so memberships stored before it existed read as they were. */
  manages?: true;
}

interface TeamDocument {
  _id: string;
  name: string;
  members: MemberDocument[];
}

export const teamIndexes: CollectionIndexes = {
  collection: 'teams',
  indexes: [{ key: { 'members.participantId': 1 }, options: { name: 'members_participant' } }],
};

/** Teams with their members embedded: a team and its memberships are imported and read together. */
export class TeamsRepository {
  private readonly teams: Collection<TeamDocument>;

  constructor(db: Db) {
    this.teams = db.collection<TeamDocument>(teamIndexes.collection);
  }

  /** Stores each team (with its full member list) under its id; identical teams are left alone. */
  upsertMany(teams: readonly Team[]): Promise<UpsertCounts> {
    return upsertById(this.teams, teams.map(toDocument));
  }

  /** Every team with its members, for a payout run. */
  async findAll(): Promise<Team[]> {
    return (await this.teams.find({}).sort({ _id: 1 }).toArray()).map(toTeam);
  }

  async findByIds(ids: readonly string[]): Promise<Team[]> {
    const documents = await this.teams.find({ _id: { $in: [...ids] } }).toArray();
    return documents.map(toTeam);
  }

  async existingIds(ids: readonly string[]): Promise<Set<string>> {
    const found = await this.teams.find({ _id: { $in: [...ids] } }, { projection: { _id: 1 } }).toArray();
    return new Set(found.map((document) => document._id));
  }

  /** Every team that has (or had) any of these participants as a member, in one query. */
  async findWithMembers(participantIds: readonly string[]): Promise<Team[]> {
    const documents = await this.teams
      .find({ 'members.participantId': { $in: [...participantIds] } })
      .toArray();
    return documents.map(toTeam);
  }

  async findPage(request: PageRequest, onlyIds?: readonly string[]): Promise<Page<Team>> {
    const page = await findPage(
      this.teams,
      onlyIds === undefined ? {} : { _id: { $in: [...onlyIds] } },
      request,
    );
    return { ...page, items: page.items.map(toTeam) };
  }
}

function toDocument(team: Team): TeamDocument {
  return {
    _id: team.id,
    name: team.name,
    members: team.members.map((member) => ({
      participantId: member.participantId,
      role: member.role,
      from: toStoredDay(member.from),
      to: member.to === null ? null : toStoredDay(member.to),
      ...(member.manages ? { manages: true as const } : {}),
    })),
  };
}

function toTeam(document: TeamDocument): Team {
  return {
    id: document._id,
    name: document.name,
    members: document.members.map((member) => ({
      participantId: member.participantId,
      teamId: document._id,
      role: member.role,
      from: fromStoredDay(member.from),
      to: member.to ? fromStoredDay(member.to) : null,
      ...(member.manages ? { manages: true } : {}),
    })),
  };
}
