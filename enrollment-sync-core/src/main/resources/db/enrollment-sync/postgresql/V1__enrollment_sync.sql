-- enrollment-sync schema, version 1, PostgreSQL.
--
-- Run it with Flyway or Liquibase (see docs/repository-spi.md), or as plain SQL with psql.
-- JdbcSchema.create runs this same file, with the table names replaced when they are configured.
-- Timestamps keep milliseconds, the precision Thinkific sends.

CREATE TABLE IF NOT EXISTS enrollment_sync_enrollment (
  enrollment_id           BIGINT           NOT NULL PRIMARY KEY,
  user_id                 BIGINT,
  user_email              VARCHAR(320),
  user_name               VARCHAR(512),
  course_id               BIGINT,
  course_name             VARCHAR(1024),
  percentage_completed    DOUBLE PRECISION NOT NULL,
  completed               BOOLEAN          NOT NULL,
  expired                 BOOLEAN,
  free_trial              BOOLEAN,
  activated_at            TIMESTAMPTZ(3),
  started_at              TIMESTAMPTZ(3),
  completed_at            TIMESTAMPTZ(3),
  expiry_date             TIMESTAMPTZ(3),
  created_at              TIMESTAMPTZ(3),
  updated_at              TIMESTAMPTZ(3)   NOT NULL,
  credential_id           VARCHAR(255),
  certificate_url         VARCHAR(2048),
  certificate_expiry_date DATE,
  -- The version of the stored snapshot is (updated_at, event_occurred_at).
  event_occurred_at       TIMESTAMPTZ(3)   NOT NULL,
  last_event_id           VARCHAR(255)     NOT NULL,
  applied_at              TIMESTAMPTZ(3)   NOT NULL,
  -- How the last write changed the row: INSERTED, UPDATED, KEPT_COMPLETED or LATE_COMPLETION.
  last_change             VARCHAR(16)      NOT NULL,
  -- Marks the rows one write changed, so the writer can tell them from the rows it left alone.
  apply_token             BIGINT           NOT NULL
);

CREATE TABLE IF NOT EXISTS enrollment_sync_cursor (
  name                    VARCHAR(200)     NOT NULL PRIMARY KEY,
  position                TIMESTAMPTZ(3)   NOT NULL,
  updated_at              TIMESTAMPTZ(3)   NOT NULL
);
