{#-
    The SKU a line is reported under (doc block `line_sku`): its own SKU, else
    its variant's; a line without either is keyed by its product and variant
    (`(no sku) product 632910392 variant 808950810`), and a custom line that
    has no product by its title (`(no sku) Red Leather Coat`), so that
    different custom items are never lumped into one entry.
-#}
{% macro line_sku(sku, variant_sku, product_id, variant_id, title) -%}
    coalesce(
        {{ sku }},
        {{ variant_sku }},
        case
            when {{ product_id }} is not null
                then '(no sku) product ' || cast({{ product_id }} as {{ dbt.type_string() }})
                    || coalesce(' variant ' || cast({{ variant_id }} as {{ dbt.type_string() }}), '')
            else '(no sku) ' || coalesce({{ title }}, 'custom item')
        end
    )
{%- endmacro %}
