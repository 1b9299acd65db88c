-- The configuration item an incident is about and what its failure breaks (the impacted items,
-- services and consumers through the catalog's relations), as found when the incident opened.
CREATE TABLE bridge_incident_impact (
  incident_id bigint PRIMARY KEY REFERENCES bridge_incident (id) ON DELETE CASCADE,
  item        text NOT NULL,
  impact      jsonb NOT NULL
);
