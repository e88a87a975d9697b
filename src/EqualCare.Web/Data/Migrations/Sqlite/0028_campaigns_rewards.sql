-- Nomination campaigns (评选表彰, issue 18 point 1; seed 000 东办〔2016〕14号): an office of a street or above sets a campaign
-- with a quota and a deadline; communities propose candidates with their 主要事迹 and opinion; the street decides each once.
-- An approval takes the next numbered place (1..quota): the unique key on the place means two approvals at once cannot
-- exceed the quota, and a trigger refuses a place above it. Nothing is ever deleted.
CREATE TABLE campaigns (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    org_code    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    quota       INTEGER NOT NULL CHECK (quota > 0),
    deadline    TEXT    NOT NULL,
    criteria    TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    created_by  TEXT    NOT NULL
);
CREATE INDEX ix_campaigns_org_code ON campaigns (org_code);
CREATE TRIGGER campaigns_append_only BEFORE UPDATE ON campaigns BEGIN SELECT RAISE(ABORT, 'campaigns is append-only'); END;
CREATE TRIGGER campaigns_no_delete BEFORE DELETE ON campaigns BEGIN SELECT RAISE(ABORT, 'campaigns is append-only'); END;

CREATE TABLE campaign_candidates (
    id                 INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    campaign_id        INTEGER NOT NULL REFERENCES campaigns (id),
    person_id          INTEGER NOT NULL REFERENCES persons (id),
    community_code     TEXT    NOT NULL,
    deeds              TEXT    NOT NULL,
    community_opinion  TEXT    NOT NULL,
    community_reviewer TEXT    NOT NULL,
    community_date     TEXT    NOT NULL,
    proposed_at        TEXT    NOT NULL,
    state              INTEGER NOT NULL,
    street_opinion     TEXT    NULL,
    street_reviewer    TEXT    NULL,
    street_date        TEXT    NULL,
    decided_at         TEXT    NULL,
    approval_place     INTEGER NULL
);
-- One proposal per person and campaign (a second click, or a second community, finds the first).
CREATE UNIQUE INDEX ux_campaign_candidates_person ON campaign_candidates (campaign_id, person_id);
-- The quota: each approval holds one place of 1..quota.
CREATE UNIQUE INDEX ux_campaign_candidates_place ON campaign_candidates (campaign_id, approval_place) WHERE approval_place IS NOT NULL;
CREATE INDEX ix_campaign_candidates_community ON campaign_candidates (campaign_id, community_code);
CREATE TRIGGER campaign_candidates_no_delete BEFORE DELETE ON campaign_candidates
    BEGIN SELECT RAISE(ABORT, 'campaign_candidates is append-only'); END;
CREATE TRIGGER campaign_candidates_decided_once BEFORE UPDATE ON campaign_candidates WHEN OLD.state <> 1
    OR NEW.campaign_id <> OLD.campaign_id OR NEW.person_id <> OLD.person_id OR NEW.community_code <> OLD.community_code
    OR NEW.deeds <> OLD.deeds OR NEW.community_opinion <> OLD.community_opinion OR NEW.community_reviewer <> OLD.community_reviewer
    OR NEW.community_date <> OLD.community_date OR NEW.proposed_at <> OLD.proposed_at
    BEGIN SELECT RAISE(ABORT, 'campaign_candidates: a proposal is decided once'); END;
CREATE TRIGGER campaign_candidates_within_quota BEFORE UPDATE ON campaign_candidates WHEN NEW.approval_place IS NOT NULL
    AND (NEW.approval_place < 1 OR NEW.approval_place > (SELECT quota FROM campaigns WHERE id = NEW.campaign_id))
    BEGIN SELECT RAISE(ABORT, 'campaign_candidates: the quota is full'); END;
CREATE TRIGGER campaign_candidates_proposed BEFORE INSERT ON campaign_candidates WHEN NEW.state <> 1 OR NEW.approval_place IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'campaign_candidates: a candidate starts as proposed'); END;

-- 奖励扶助 given to persons (issue 18 point 5; seed 001 三(二)5): append-only, a correction is a row that voids one (once).
-- The statistics form (seed 002) sums them per community and period: help in column 10, rewards in columns 11-12.
CREATE TABLE person_rewards (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    person_id       INTEGER NOT NULL REFERENCES persons (id),
    community_code  TEXT    NOT NULL,
    kind            INTEGER NOT NULL,
    given_on        TEXT    NOT NULL,
    description     TEXT    NULL,
    amount_yuan     INTEGER NOT NULL CHECK (amount_yuan >= 0),
    recorded_at     TEXT    NOT NULL,
    recorded_by     TEXT    NOT NULL,
    voids_reward_id INTEGER NULL REFERENCES person_rewards (id),
    void_reason     TEXT    NULL
);
CREATE INDEX ix_person_rewards_person ON person_rewards (person_id);
CREATE INDEX ix_person_rewards_community ON person_rewards (community_code, given_on);
CREATE UNIQUE INDEX ux_person_rewards_voids ON person_rewards (voids_reward_id) WHERE voids_reward_id IS NOT NULL;
CREATE TRIGGER person_rewards_append_only BEFORE UPDATE ON person_rewards BEGIN SELECT RAISE(ABORT, 'person_rewards is append-only'); END;
CREATE TRIGGER person_rewards_no_delete BEFORE DELETE ON person_rewards BEGIN SELECT RAISE(ABORT, 'person_rewards is append-only'); END;
