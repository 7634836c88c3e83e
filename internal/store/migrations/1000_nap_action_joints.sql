-- Joint actions (issue 14, item 2): a NAP action declared joint with other
-- States' actions. The link is the declaring action's (action_id): its
-- plan's editors set it, its plan's readers read it; each partner is shown
-- only to those who may read the partner's plan.
CREATE TABLE nap_action_joints (
    action_id BIGINT NOT NULL REFERENCES nap_actions (id) ON DELETE CASCADE,
    partner_id BIGINT NOT NULL REFERENCES nap_actions (id) ON DELETE CASCADE,
    created_at @TS@ NOT NULL,
    PRIMARY KEY (action_id, partner_id),
    CHECK (action_id <> partner_id)
);
CREATE INDEX nap_action_joints_partner ON nap_action_joints (partner_id);
