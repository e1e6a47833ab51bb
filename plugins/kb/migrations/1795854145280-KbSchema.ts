import { MigrationInterface, QueryRunner } from "typeorm";

export class KbSchema1795854145280 implements MigrationInterface {
    name = 'KbSchema1795854145280'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // Trigram similarity (typo-tolerant search, autocomplete, suggestions); PGlite ships it as a contrib extension.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE TABLE "knowledge_base" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "title" text NOT NULL, "content" text NOT NULL, "category" character varying(64), "tags" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_by" bigint NOT NULL, "use_count" integer NOT NULL DEFAULT '0', "rating" double precision NOT NULL DEFAULT '0', "rating_count" integer NOT NULL DEFAULT '0', "rating_sum" integer NOT NULL DEFAULT '0', "is_verified" boolean NOT NULL DEFAULT false, "verified_by" bigint, "search_vector" tsvector, CONSTRAINT "kb_use_count" CHECK (use_count >= 0), CONSTRAINT "kb_rating_counts" CHECK (rating_count >= 0 AND rating_sum BETWEEN rating_count AND 5 * rating_count), CONSTRAINT "PK_19d3f52f6da1501b7e235f1da5c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_a47b1575e8f2c2cc377a9cc40f" ON "knowledge_base"  ("created_by") `);
        await queryRunner.query(`CREATE INDEX "IDX_2cf6a513e90fc2ac3e6a889c1d" ON "knowledge_base"  ("guild_id", "use_count") `);
        await queryRunner.query(`CREATE INDEX "IDX_3022f42d5910e0f48dd7d0d6a9" ON "knowledge_base"  ("guild_id", "category") `);
        await queryRunner.query(`CREATE TABLE "kb_alias" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "entry_id" integer NOT NULL, "alias" character varying(100) NOT NULL, "created_by" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a72158d31a2f65e40effabaf57f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_0f52d29effcafc88c8b14bc73a" ON "kb_alias"  ("entry_id") `);
        await queryRunner.query(`CREATE TABLE "kb_rating" ("entry_id" integer NOT NULL, "user_id" bigint NOT NULL, "guild_id" bigint NOT NULL, "score" smallint NOT NULL, "previous_score" smallint, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "kb_rating_score" CHECK (score BETWEEN 1 AND 5), CONSTRAINT "PK_868f8b57c99e38707086bac548d" PRIMARY KEY ("entry_id", "user_id"))`);
        await queryRunner.query(`CREATE TABLE "kb_search_miss" ("guild_id" bigint NOT NULL, "query" character varying(100) NOT NULL, "count" integer NOT NULL DEFAULT '1', "first_searched_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_searched_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_65fddbf7a5959b083dab5ec6aab" PRIMARY KEY ("guild_id", "query"))`);
        await queryRunner.query(`CREATE INDEX "IDX_3c5432a12767746706f120f4d3" ON "kb_search_miss"  ("last_searched_at") `);
        await queryRunner.query(`CREATE TABLE "kb_suggestion" ("id" SERIAL NOT NULL, "guild_id" bigint NOT NULL, "channel_id" bigint NOT NULL, "entry_id" integer NOT NULL, "ticket_id" integer, "asker_id" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d24c595a6294b8d61e8cd810670" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_483e977b159b94025b0dca3f3a" ON "kb_suggestion"  ("created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "IDX_c8f91564fb3efcc14c947d40fd" ON "kb_suggestion"  ("ticket_id", "entry_id") `);
        await queryRunner.query(`CREATE TABLE "kb_ticket_channel" ("channel_id" bigint NOT NULL, "guild_id" bigint NOT NULL, "ticket_id" integer NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_05e7eb4bf5777fe60023550d61d" PRIMARY KEY ("channel_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_77431e310dc24b429321cbf6c9" ON "kb_ticket_channel"  ("guild_id") `);
        await queryRunner.query(`ALTER TABLE "kb_alias" ADD CONSTRAINT "FK_0f52d29effcafc88c8b14bc73aa" FOREIGN KEY ("entry_id") REFERENCES "knowledge_base"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "kb_rating" ADD CONSTRAINT "FK_cbb49ce2aad686b27608553343c" FOREIGN KEY ("entry_id") REFERENCES "knowledge_base"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "kb_suggestion" ADD CONSTRAINT "FK_1731664e309501133e425e41b9e" FOREIGN KEY ("entry_id") REFERENCES "knowledge_base"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        // Written by hand (the entities mark them synchronize: false): expression, operator-class and GIN indexes.
        // Titles and aliases are unique per guild case-insensitively; text_pattern_ops lets the same index answer
        // the prefix LIKE of autocomplete in order.
        await queryRunner.query(`CREATE UNIQUE INDEX "kb_title_unique" ON "knowledge_base" ("guild_id", lower("title") text_pattern_ops)`);
        await queryRunner.query(`CREATE INDEX "kb_title_trgm" ON "knowledge_base" USING gin (lower("title") gin_trgm_ops) WITH (fastupdate = off)`);
        await queryRunner.query(`CREATE INDEX "kb_search_vector" ON "knowledge_base" USING gin ("search_vector") WITH (fastupdate = off)`);
        await queryRunner.query(`CREATE INDEX "kb_tags" ON "knowledge_base" USING gin ("tags")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "kb_alias_unique" ON "kb_alias" ("guild_id", lower("alias") text_pattern_ops)`);
        await queryRunner.query(`CREATE INDEX "kb_alias_trgm" ON "kb_alias" USING gin (lower("alias") gin_trgm_ops) WITH (fastupdate = off)`);
        // fastupdate off: entries are written by people, a few a day, and read on every search and keystroke; a
        // pending list would make every read scan it until the next vacuum.
        // The stored full-text vector: title weighs most, then tags and category, then the content.
        await queryRunner.query(`CREATE FUNCTION kb_search_vector_update() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector :=
                    setweight(to_tsvector('english', NEW.title), 'A') ||
                    setweight(to_tsvector('english', array_to_string(NEW.tags, ' ') || ' ' || coalesce(NEW.category, '')), 'B') ||
                    setweight(to_tsvector('english', NEW.content), 'C');
                RETURN NEW;
            END $$`);
        await queryRunner.query(`CREATE TRIGGER kb_search_vector_update BEFORE INSERT OR UPDATE OF title, content, category, tags ON "knowledge_base" FOR EACH ROW EXECUTE FUNCTION kb_search_vector_update()`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TRIGGER "kb_search_vector_update" ON "knowledge_base"`);
        await queryRunner.query(`DROP FUNCTION kb_search_vector_update()`);
        await queryRunner.query(`DROP INDEX "public"."kb_alias_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."kb_alias_unique"`);
        await queryRunner.query(`DROP INDEX "public"."kb_tags"`);
        await queryRunner.query(`DROP INDEX "public"."kb_search_vector"`);
        await queryRunner.query(`DROP INDEX "public"."kb_title_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."kb_title_unique"`);
        await queryRunner.query(`ALTER TABLE "kb_suggestion" DROP CONSTRAINT "FK_1731664e309501133e425e41b9e"`);
        await queryRunner.query(`ALTER TABLE "kb_rating" DROP CONSTRAINT "FK_cbb49ce2aad686b27608553343c"`);
        await queryRunner.query(`ALTER TABLE "kb_alias" DROP CONSTRAINT "FK_0f52d29effcafc88c8b14bc73aa"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_77431e310dc24b429321cbf6c9"`);
        await queryRunner.query(`DROP TABLE "kb_ticket_channel"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_c8f91564fb3efcc14c947d40fd"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_483e977b159b94025b0dca3f3a"`);
        await queryRunner.query(`DROP TABLE "kb_suggestion"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3c5432a12767746706f120f4d3"`);
        await queryRunner.query(`DROP TABLE "kb_search_miss"`);
        await queryRunner.query(`DROP TABLE "kb_rating"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_0f52d29effcafc88c8b14bc73a"`);
        await queryRunner.query(`DROP TABLE "kb_alias"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_3022f42d5910e0f48dd7d0d6a9"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_2cf6a513e90fc2ac3e6a889c1d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_a47b1575e8f2c2cc377a9cc40f"`);
        await queryRunner.query(`DROP TABLE "knowledge_base"`);
    }

}
