-- A State's profile lists its delegates to every event (issue 14): read by
-- delegation, not by event.
CREATE INDEX event_participants_org ON event_participants (org, event_id);
