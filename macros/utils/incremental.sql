{#- Incremental models: their configurations and watermark, written once. -#}

{#-
    The configuration every incremental model shares, written once:
    delete+insert on `unique_key`, a schema change fails the run, and on
    Postgres the given indexes (the delete's key, the next run's watermark).
-#}
{% macro delete_insert_config(unique_key, postgres_indexes, pre_hook=[]) -%}
    {{ config(
        materialized='incremental',
        unique_key=unique_key,
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook=pre_hook,
        indexes=postgres_indexes if target.type == 'postgres' else [],
    ) }}
{%- endmacro %}


{#-
    An incremental entity model (and the line models that follow one): keyed
    on the entity id, watermark `source_received_at`. On Postgres, `indexed`
    names more columns to index (the tile refresh looks a model's rows up
    by them).
-#}
{% macro incremental_entity_config(unique_key, indexed=[]) -%}
    {%- set indexes = [{'columns': [unique_key]}, {'columns': ['source_received_at']}] -%}
    {%- for column in indexed -%}
        {%- do indexes.append({'columns': [column]}) -%}
    {%- endfor -%}
    {{ delete_insert_config(unique_key, indexes) }}
{%- endmacro %}


{#-
    The newest `column` an incremental model holds: the next run processes
    rows at or after it (a row at the watermark is processed again, which
    delete+insert makes harmless). 1900-01-01 while the model is empty.

    When the model runs, the value is read first and written into the SQL
    as a constant: a planner then sees how few rows `column >= <constant>`
    selects (Postgres picks the index on the landing table's `received_at`
    instead of scanning it, DuckDB skips the row groups before it), where a
    subquery's value is unknown when the plan is made. A unit test reads it
    from its `this` fixture, in the SQL.
-#}
{% macro incremental_watermark(column='source_received_at') -%}
    {%- set newest_sql -%}
        select coalesce(max({{ column }}), {{ dbt.cast("'1900-01-01'", api.Column.translate_type('timestamp')) }})
        from {{ this }}
    {%- endset -%}
    {%- if execute and model.resource_type == 'model' -%}
        {%- set newest = run_query('select cast((' ~ newest_sql ~ ') as ' ~ dbt.type_string() ~ ')').columns[0].values()[0] -%}
    cast('{{ newest }}' as timestamp with time zone)
    {%- else -%}
    ({{ newest_sql }})
    {%- endif -%}
{%- endmacro %}


{#-
    A webhook events model (stg_shopify__webhook_events,
    stg_chatwoot__webhook_events): keyed on `event_id`, watermark
    `received_at`, and on Postgres an index for the entity models' lookups.
-#}
{% macro incremental_events_config() -%}
    {{ delete_insert_config('event_id', [
        {'columns': ['event_id'], 'unique': true},
        {'columns': ['received_at']},
        {'columns': ['resource_type', 'resource_id']},
    ]) }}
{%- endmacro %}


{#-
    Intermediate models downstream of staging are incremental on a run stamp
    rather than on the source's `received_at`: every row a run writes carries
    `loaded_at`, the moment the dbt invocation started, and a downstream model
    recomputes what the rows stamped after its own newest stamp touch (their
    orders, their customers' orders, their business dates). A row an upstream
    model rewrote for any reason (a late refund, a re-ranked customer, a full
    refresh of that model alone) is therefore always seen downstream.
-#}
{% macro run_stamp() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}+00' as timestamptz)
{%- endmacro %}


{#-
    A stamped incremental model: keyed on an id, or on a business date whose
    every row is recomputed; watermark `loaded_at`. On Postgres, `indexed`
    names more columns to index (the tile refresh looks a model's rows up
    by them).
-#}
{% macro incremental_stamped_config(unique_key, recompute_from=none, indexed=[]) -%}
    {#- delete+insert replaces the keys the new rows carry; a business date
        that has no rows left after its recompute (its only order cancelled)
        would keep its old rows, so a date-keyed model first deletes every
        date it recomputes (`recompute_from`: the upstream model and date column) -#}
    {%- set pre_hook = [] -%}
    {%- if recompute_from is not none -%}
        {%- do pre_hook.append(
            "{{ hotrod_an.delete_recomputed_keys('" ~ recompute_from[0] ~ "', '" ~ recompute_from[1] ~ "', '"
            ~ unique_key ~ "') }}"
        ) -%}
    {%- endif -%}
    {%- set indexes = [{'columns': [unique_key]}, {'columns': ['loaded_at']}] -%}
    {%- for column in indexed -%}
        {%- do indexes.append({'columns': [column]}) -%}
    {%- endfor -%}
    {{ delete_insert_config(unique_key, indexes, pre_hook) }}
{%- endmacro %}


{#- The pre-hook of a date-keyed stamped model (see incremental_stamped_config). -#}
{% macro delete_recomputed_keys(upstream_model, column, unique_key) -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where {{ unique_key }} in (
        {{ stamped_since_last_run(ref(upstream_model), column) }}
    )
    {%- endif -%}
{%- endmacro %}


{#-
    On an incremental run, the distinct `column` values of the rows of
    `upstream` stamped after this model's newest `loaded_at`: the keys (order
    ids, business dates) this run recomputes.
-#}
{% macro stamped_since_last_run(upstream, column) -%}
    select distinct {{ column }}
    from {{ upstream }}
    where loaded_at > {{ incremental_watermark('loaded_at') }}
{%- endmacro %}


{#-
    The rows of CTE `batch_cte` that differ from the rows this model holds for
    the same `key` (all columns but `loaded_at` compared, nulls equal): a run
    that recomputes a customer's every order rewrites, and stamps, only the
    orders whose row changed, so the models downstream recompute little.
    Renders `select * from batch_cte` on a full build.
-#}
{% macro changed_rows(batch_cte, key) -%}
    {%- if is_incremental() -%}
        {%- set columns = adapter.get_columns_in_relation(this) | map(attribute='name')
            | reject('equalto', 'loaded_at') | list -%}
    select {{ columns | join(', ') }} from {{ batch_cte }}
    except
    select {{ columns | join(', ') }} from {{ this }}
    where {{ key }} in (select {{ key }} from {{ batch_cte }})
    {%- else -%}
    select * from {{ batch_cte }}
    {%- endif -%}
{%- endmacro %}


{#-
    On an incremental run, `<keyword> <column> in (select <column> from <batch>)`:
    the filter that keeps a stamped model's inputs to its batch. Nothing on a
    full build.
-#}
{% macro in_batch(column, batch='batch', keyword='where') -%}
    {%- if is_incremental() -%}
    {{ keyword }} {{ column }} in (select {{ column }} from {{ batch }})
    {%- endif -%}
{%- endmacro %}


{#-
    The batch CTEs of int_orders__enriched on an incremental run (nothing on a
    full build): `batch`, the orders whose staged version is new or that have
    a fulfillment staged since (a fulfillment can make an order fulfilled
    before its own status says so), and every order of their customers, old
    and new.
-#}
{% macro customer_orders_batch() -%}
    {%- if is_incremental() %}
    {%- set watermark = incremental_watermark('source_received_at') %}
    changed_orders as (
        select
            order_id,
            customer_id
        from {{ ref('stg_shopify__orders') }}
        where source_received_at >= {{ watermark }}
        union
        select
            order_id,
            customer_id
        from {{ ref('stg_shopify__orders') }}
        where order_id in (
                select order_id from {{ ref('int_fulfillments__by_order') }}
                where source_received_at >= {{ watermark }}
            )
    ),

    affected_customers as (
        select customer_id from changed_orders
        union
        select enriched.customer_id
        from {{ this }} as enriched
        inner join changed_orders
            on enriched.order_id = changed_orders.order_id
    ),

    batch as (
        select order_id from changed_orders
        union
        select order_id from {{ ref('stg_shopify__orders') }}
        where customer_id in (select customer_id from affected_customers)
    ),
    {%- endif %}
{%- endmacro %}


{#-
    CTE `<name>` on an incremental run (nothing on a full build): the distinct
    `column` values of the `upstream` rows stamped since this model's newest
    stamp, plus `extra_sql` (a union member) when given.
-#}
{% macro stamped_batch(name, upstream, column, extra_sql=none) -%}
    {%- if is_incremental() %}
    {{ name }} as (
        {{ stamped_since_last_run(upstream, column) }}
        {%- if extra_sql %}
        union
        {{ extra_sql }}
        {%- endif %}
    ),
    {%- endif %}
{%- endmacro %}


{#-
    stg_chatwoot__messages on an incremental run (nothing on a full build): a
    union member with the rows the model holds for the messages embedded in
    `embedded` (this run's conversation events) that have no message event
    re-ranked in `message_events`. A held row is the best of the message's
    older versions, so ranking it against the new embedded copies gives what
    a full refresh would.
-#}
{% macro held_messages(embedded, message_events) -%}
    {%- if is_incremental() %}
    union all
    select
        message_id,
        conversation_id,
        account_id,
        content,
        content_type,
        csat_rating,
        message_type,
        is_private,
        sender_id,
        sender_type as raw_sender_type,
        created_at,
        case source_shape when 'message_event' then 1 else 2 end as shape_rank,
        source_event_id as event_id,
        source_received_at as received_at
    from {{ this }}
    where message_id in (select message_id from {{ embedded }})
        and message_id not in (select message_id from {{ message_events }} where message_id is not null)
    {%- endif %}
{%- endmacro %}
