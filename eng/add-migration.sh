#!/usr/bin/env bash
#
# eng/add-migration.sh SERVICE NAME — adds an EF Core migration to one service's database.
#
#   eng/add-migration.sh content AddPages
#
# SERVICE is content, meetings, publications, subscriptions or search. The migration goes to
# services/SERVICE/Data/Migrations. No database is needed: dummy connection strings let the
# design-time tools build the service's DbContext.
set -euo pipefail

[[ $# -eq 2 ]] || { sed -n '3,9p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
service=$1 name=$2
case "$service" in
    content | meetings | publications | subscriptions | search) ;;
    *) echo "unknown service: $service" >&2; exit 2 ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
project="services/$service/RabatPlatform.${service^}.csproj"
dotnet tool restore >/dev/null
export "ConnectionStrings__${service}db=Host=127.0.0.1;Database=${service}db;Username=postgres"
export ConnectionStrings__messaging=amqp://guest:guest@127.0.0.1:5672/
dotnet dotnet-ef migrations add "$name" --project "$project" --output-dir Data/Migrations
