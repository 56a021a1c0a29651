package initialize

import (
	"encoding/json"
	"fmt"
	"os"

	"mxshop_srvs/order_srv/global"
	"mxshop_srvs/pkg/snowflake"
)

// InitConfig 读取 JSON 配置文件到 global.ServerConfig，并按配置的机器号创建发号器。
func InitConfig(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("读取配置文件 %s: %w", path, err)
	}
	if err := json.Unmarshal(data, &global.ServerConfig); err != nil {
		return fmt.Errorf("解析配置文件 %s: %w", path, err)
	}
	node, err := snowflake.NewNode(global.ServerConfig.WorkerID)
	if err != nil {
		return err
	}
	global.OrderIDs = node
	return nil
}
