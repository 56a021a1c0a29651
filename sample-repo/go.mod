module mxshop_srvs

go 1.22

require (
	github.com/apache/rocketmq-client-go/v2 v2.1.2
	github.com/gin-gonic/gin v1.9.1
	github.com/go-redsync/redsync/v4 v4.11.0
	github.com/grpc-ecosystem/go-grpc-middleware v1.4.0
	github.com/hashicorp/consul/api v1.28.2
	github.com/mbobakov/grpc-consul-resolver v1.5.3
	github.com/redis/go-redis/v9 v9.5.1
	google.golang.org/grpc v1.62.1
	google.golang.org/protobuf v1.33.0
	gorm.io/driver/mysql v1.5.4
	gorm.io/gorm v1.25.7
)
