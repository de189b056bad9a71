namespace LRBench.Studies.Storage;

/// <summary>
/// The schema, as numbered migrations applied in order and recorded in <c>schema_migrations</c>. One text serves
/// both databases: <c>{id}</c>, <c>{real}</c>, <c>{bigint}</c> and <c>{blob}</c> become each dialect's types, and
/// <c>{change_stamps}</c> each database's triggers that stamp changed rows (<see cref="StoreBackend"/>). Never edit a
/// shipped migration; add the next one.
/// </summary>
internal static class Migrations
{
    public static readonly IReadOnlyList<(int Version, string Description, string Sql)> All =
    [
        (1, "studies, tasks, trials, evaluations, LR trace, artifacts", """
            CREATE TABLE studies (
                id {id},
                name TEXT NOT NULL UNIQUE,
                definition TEXT NOT NULL,
                source_path TEXT,
                target_accuracy {real},
                created_at TEXT NOT NULL
            );
            CREATE TABLE tasks (
                id {id},
                task_key TEXT NOT NULL UNIQUE,
                dataset TEXT NOT NULL,
                model TEXT NOT NULL,
                model_family TEXT NOT NULL,
                optimizer TEXT NOT NULL,
                batch_size INTEGER NOT NULL,
                budget TEXT NOT NULL,
                channels INTEGER NOT NULL,
                height INTEGER NOT NULL,
                width INTEGER NOT NULL,
                classes INTEGER NOT NULL,
                train_samples INTEGER NOT NULL
            );
            CREATE TABLE trials (
                id {id},
                study_id {bigint} NOT NULL REFERENCES studies(id),
                task_id {bigint} REFERENCES tasks(id),
                trial_key TEXT NOT NULL,
                ordinal INTEGER NOT NULL,
                label TEXT NOT NULL,
                policy_function TEXT NOT NULL,
                policy_spec TEXT NOT NULL,
                parameters TEXT NOT NULL,
                method TEXT NOT NULL,
                label_smoothing {real} NOT NULL,
                mixup {real} NOT NULL,
                seed {bigint} NOT NULL,
                status TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                failures INTEGER NOT NULL DEFAULT 0,
                worker TEXT,
                lease_expires_ms {bigint},
                started_at TEXT,
                finished_at TEXT,
                steps {bigint},
                total_steps {bigint},
                diverged_at_step {bigint},
                wall_seconds {real},
                compute_seconds {real},
                error TEXT,
                machine TEXT,
                versions TEXT,
                checkpoint_dir TEXT,
                UNIQUE (study_id, trial_key)
            );
            CREATE INDEX trials_by_status ON trials (study_id, status);
            CREATE TABLE evaluations (
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                step {bigint} NOT NULL,
                epoch {real} NOT NULL,
                lr {real} NOT NULL,
                top1 {real} NOT NULL,
                top5 {real} NOT NULL,
                ac {real} NOT NULL,
                cd {real} NOT NULL,
                cdac {real} NOT NULL,
                test_loss {real},
                train_loss {real},
                best_top1 {real} NOT NULL,
                best_top1_step {bigint} NOT NULL,
                wall_seconds {real} NOT NULL,
                compute_seconds {real} NOT NULL,
                eval_seconds {real} NOT NULL,
                PRIMARY KEY (trial_id, step)
            );
            CREATE TABLE lr_trace (
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                step {bigint} NOT NULL,
                lr {real} NOT NULL,
                loss {real},
                PRIMARY KEY (trial_id, step)
            );
            CREATE TABLE artifacts (
                id {id},
                study_id {bigint} NOT NULL REFERENCES studies(id),
                trial_id {bigint} REFERENCES trials(id),
                kind TEXT NOT NULL,
                path TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            """),
        (2, "decisions of adaptive policies (AutoWU's switch) per trial", """
            ALTER TABLE trials ADD COLUMN policy_events TEXT;
            """),
        (3, "tradeoff studies: each trial's curve, forks' start step, snapshot ensembles", """
            ALTER TABLE trials ADD COLUMN curve TEXT;
            ALTER TABLE trials ADD COLUMN started_from_step {bigint};
            CREATE TABLE snapshot_ensembles (
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                step {bigint} NOT NULL,
                members INTEGER NOT NULL,
                top1 {real} NOT NULL,
                top5 {real} NOT NULL,
                test_loss {real},
                PRIMARY KEY (trial_id, step, members)
            );
            """),
        (LegacyTrials.Version, "each trial's value (canonical JSON) and each study's kind and tradeoff layout, filled in for older rows", """
            ALTER TABLE trials ADD COLUMN trial TEXT;
            ALTER TABLE studies ADD COLUMN kind TEXT;
            ALTER TABLE studies ADD COLUMN tradeoff TEXT;
            """),
        (5, "the artifacts table dropped: it only listed report files, which their folder already holds, and nothing read it", """
            DROP TABLE artifacts;
            """),
        // Rebuilt rather than altered: SQLite cannot drop a NOT NULL constraint. Nothing references evaluations.
        (6, "evaluations of tasks that are not classification: classification metrics may be missing (NULL); the task's own metric, and the study's metric with its direction", """
            CREATE TABLE evaluations_v6 (
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                step {bigint} NOT NULL,
                epoch {real} NOT NULL,
                lr {real} NOT NULL,
                top1 {real},
                top5 {real},
                ac {real},
                cd {real},
                cdac {real},
                test_loss {real},
                train_loss {real},
                best_top1 {real},
                best_top1_step {bigint} NOT NULL,
                wall_seconds {real} NOT NULL,
                compute_seconds {real} NOT NULL,
                eval_seconds {real} NOT NULL,
                task_metric {real},
                PRIMARY KEY (trial_id, step)
            );
            INSERT INTO evaluations_v6 (trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds)
                SELECT trial_id, step, epoch, lr, top1, top5, ac, cd, cdac, test_loss, train_loss, best_top1, best_top1_step, wall_seconds, compute_seconds, eval_seconds FROM evaluations;
            DROP TABLE evaluations;
            ALTER TABLE evaluations_v6 RENAME TO evaluations;
            ALTER TABLE studies ADD COLUMN metric TEXT;
            """),
        (7, "pruners: each study's pruner, and every rung decision (recorded once, read back by resumed and other workers)", """
            ALTER TABLE studies ADD COLUMN pruner TEXT;
            CREATE TABLE rung_decisions (
                study_id {bigint} NOT NULL REFERENCES studies(id),
                rung INTEGER NOT NULL,
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                step {bigint} NOT NULL,
                probe_steps {bigint} NOT NULL,
                score {real},
                decision TEXT NOT NULL,
                worker TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (study_id, rung, trial_id)
            );
            """),
        (8, "Bayesian searches: each study's searches (the settings they still propose while the study runs)", """
            ALTER TABLE studies ADD COLUMN search TEXT;
            """),
        (9, "each study's range test (its sweep and suggestions, JSON), for displays that have only the store", """
            CREATE TABLE range_tests (
                study_id {bigint} NOT NULL PRIMARY KEY REFERENCES studies(id),
                result TEXT NOT NULL
            );
            """),
        (10, "each claim's lease length (a lease beyond it is damage); every failure kept per attempt; failed trials retried on purpose", """
            ALTER TABLE trials ADD COLUMN lease_ms {bigint};
            ALTER TABLE trials ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE trials ADD COLUMN attempts_at_retry INTEGER NOT NULL DEFAULT 0;
            CREATE TABLE trial_failures (
                trial_id {bigint} NOT NULL REFERENCES trials(id),
                attempt INTEGER NOT NULL,
                failed_at TEXT NOT NULL,
                worker TEXT,
                error TEXT NOT NULL,
                PRIMARY KEY (trial_id, attempt)
            );
            INSERT INTO trial_failures (trial_id, attempt, failed_at, worker, error)
                SELECT t.id, t.attempts, COALESCE(t.finished_at, t.started_at, s.created_at), NULL, t.error
                FROM trials t JOIN studies s ON s.id = t.study_id WHERE t.error IS NOT NULL;
            """),
        (11, "suites: each suite's workloads (their studies and targets), policies and scoring settings (JSON), for displays that have only the store", """
            CREATE TABLE suites (
                id {id},
                name TEXT NOT NULL UNIQUE,
                definition TEXT NOT NULL,
                recorded_at TEXT NOT NULL
            );
            """),
        (12, "racing over seeds: each study's racer, and every round's decision per setting (recorded once, with its test statistic)", """
            ALTER TABLE studies ADD COLUMN racer TEXT;
            CREATE TABLE race_decisions (
                study_id {bigint} NOT NULL REFERENCES studies(id),
                round INTEGER NOT NULL,
                setting TEXT NOT NULL,
                label TEXT NOT NULL,
                seeds INTEGER NOT NULL,
                mean_score {real},
                decision TEXT NOT NULL,
                statistic {real},
                p_value {real},
                reason TEXT NOT NULL,
                worker TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (study_id, round, setting)
            );
            """),
        (13, "promotion-based ASHA: trials wait at a rung (status paused, decision pause), and the rung a trial was last promoted from puts it first in the queue", """
            ALTER TABLE trials ADD COLUMN promoted_rung INTEGER;
            """),
        // Rows written before this migration have no stamp (NULL): a reader's first, full read holds them.
        (14, "change stamps on trials and evaluations, so that a live display reads only what changed since its last read", """
            CREATE TABLE change_counter (
                id INTEGER PRIMARY KEY,
                value {bigint} NOT NULL
            );
            INSERT INTO change_counter (id, value) VALUES (1, 0);
            ALTER TABLE trials ADD COLUMN change_stamp {bigint};
            ALTER TABLE evaluations ADD COLUMN change_stamp {bigint};
            CREATE INDEX trials_by_change ON trials (study_id, change_stamp);
            CREATE INDEX evaluations_by_change ON evaluations (change_stamp);
            {change_stamps}
            """),
        (15, "checkpoints in the store: the latest checkpoint of each running trial (an archive with its checksum), written by the attempt that owns the trial", """
            CREATE TABLE trial_checkpoints (
                trial_id {bigint} PRIMARY KEY REFERENCES trials(id),
                attempt INTEGER NOT NULL,
                step {bigint} NOT NULL,
                sha256 TEXT NOT NULL,
                size {bigint} NOT NULL,
                content {blob} NOT NULL,
                written_at TEXT NOT NULL
            );
            """),
    ];

}
