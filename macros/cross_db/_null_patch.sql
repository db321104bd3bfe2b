{#- the merge patch that removes `keys` at the dotted `path`, as JSON text -#}
{% macro _null_patch(path, keys) -%}
    {%- set leaves = {} -%}
    {%- for key in keys -%}{%- do leaves.update({key: none}) -%}{%- endfor -%}
    {%- set patch = namespace(value=leaves) -%}
    {%- for part in (path.split('.') | reverse if path else []) -%}
        {%- set patch.value = {part: patch.value} -%}
    {%- endfor -%}
    {{ tojson(patch.value) }}
{%- endmacro %}
