// Package global 保存 order_srv 启动时初始化、之后只读的全局对象。
package global

import (
	"github.com/apache/rocketmq-client-go/v2"
	"gorm.io/gorm"

	"mxshop_srvs/order_srv/config"
	"mxshop_srvs/order_srv/proto"
	"mxshop_srvs/pkg/snowflake"
)

var (
	DB           *gorm.DB
	ServerConfig config.ServerConfig

	// 下游服务的 gRPC 客户端，经 Consul 发现、round_robin 负载均衡（见 initialize/srv_conn.go）
	GoodsSrvClient     proto.GoodsClient
	InventorySrvClient proto.InventoryClient

	// Producer 发送普通消息和延时消息（订单超时、关单后归还库存）
	Producer rocketmq.Producer

	// TxProducer 发送"归还库存"的事务消息。整个进程只有一个，启动时创建（见 initialize/mq.go）
	TxProducer rocketmq.TransactionProducer

	// OrderIDs 生成订单号
	OrderIDs *snowflake.Node
)
